package dev.vectorguard.grpc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Message;
import dev.vectorguard.AccessLevel;
import dev.vectorguard.Obligations;
import dev.vectorguard.Operation;
import dev.vectorguard.Scope;
import dev.vectorguard.TenantFilter;
import dev.vectorguard.VectorCall;
import dev.vectorguard.mask.MaskAction;
import dev.vectorguard.mask.MaskRule;
import io.milvus.grpc.CommonProto;
import io.milvus.grpc.DeleteRequest;
import io.milvus.grpc.HasCollectionRequest;
import io.milvus.grpc.HybridSearchRequest;
import io.milvus.grpc.KeyValuePair;
import io.milvus.grpc.MilvusProto;
import io.milvus.grpc.PrivilegeExt;
import io.milvus.grpc.QueryRequest;
import io.milvus.grpc.SearchRequest;
import io.milvus.grpc.SubSearchRequest;
import io.milvus.grpc.TemplateValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MilvusDialectTest {
  private static final MilvusDialect DIALECT = MilvusDialect.INSTANCE;

  /** The weakest level of ours that holds each Milvus privilege, from Milvus's built-in privilege groups. */
  private static AccessLevel required(String privilege) {
    String p = privilege.replaceFirst("^Privilege", "");
    if (Set.of("Query", "Search", "IndexDetail", "GetFlushState", "GetLoadState", "GetLoadingProgress", "HasPartition",
        "ShowPartitions", "DescribeCollection", "DescribeAlias", "GetStatistics", "ListAliases", "GetImportProgress",
        "ListImport", "ShowCollections", "DescribeDatabase", "ListDatabases", "SelectOwnership", "SelectUser",
        "DescribeResourceGroup", "ListResourceGroups", "ListPrivilegeGroups", "GetReplicateConfiguration").contains(p)) {
      return AccessLevel.READ;
    }
    if (Set.of("Load", "Release", "Insert", "Delete", "Upsert", "Import", "Flush", "Compaction", "LoadBalance",
        "CreateIndex", "DropIndex", "CreatePartition", "DropPartition", "AddCollectionField", "AlterDatabase",
        "FlushAll", "TransferNode", "TransferReplica", "UpdateResourceGroups").contains(p)) {
      return AccessLevel.WRITE;
    }
    if (Set.of("CreateAlias", "DropAlias", "CreateCollection", "DropCollection").contains(p)) {
      return AccessLevel.MANAGE;
    }
    return AccessLevel.ADMIN;
  }

  @Test
  void all117MethodsAreAtLeastAsStrictAsMilvusPrivilegeTable() {
    List<MethodDescriptor> methods = MilvusProto.getDescriptor().findServiceByName("MilvusService").getMethods();
    assertThat(methods).hasSize(117);
    int checked = 0;
    for (MethodDescriptor m : methods) {
      String name = "milvus.proto.milvus.MilvusService/" + m.getName();
      Message request = com.google.protobuf.DynamicMessage.getDefaultInstance(m.getInputType());
      VectorCall call = DIALECT.classify(name, request, h -> null);
      if (m.getInputType().getOptions().hasExtension(CommonProto.privilegeExtObj)) {
        PrivilegeExt ext = m.getInputType().getOptions().getExtension(CommonProto.privilegeExtObj);
        AccessLevel needed = required(ext.getObjectPrivilege().name());
        assertThat(call.access().atLeast(needed))
            .as("%s is %s but Milvus requires %s (%s)", name, call.access(), ext.getObjectPrivilege(), needed).isTrue();
        checked++;
      }
    }
    // 90 in milvus-proto 2.6 HEAD; SDK 2.6.22's protos predate GetPartitionStatistics getting one.
    assertThat(checked).isEqualTo(89);
    assertThat(MilvusDialect.knownMethods()).hasSize(117 - 7);
  }

  @Test
  void uncheckedMethodsGetOurOwnLevelAndStreamingOnesAreUnknown() {
    VectorCall has = DIALECT.classify("milvus.proto.milvus.MilvusService/HasCollection",
        HasCollectionRequest.newBuilder().setCollectionName("docs").build(), h -> null);
    assertThat(has.operation()).isEqualTo(Operation.DESCRIBE_COLLECTION);
    assertThat(has.access()).isEqualTo(AccessLevel.READ);
    assertThat(has.collections()).containsExactly("docs");
    for (String streaming : List.of("CreateReplicateStream", "DumpMessages", "CalcDistance")) {
      VectorCall call = DIALECT.classify("milvus.proto.milvus.MilvusService/" + streaming,
          SearchRequest.getDefaultInstance(), h -> null);
      assertThat(call.operation()).isEqualTo(Operation.UNKNOWN);
      assertThat(call.access()).isEqualTo(AccessLevel.ADMIN);
    }
  }

  @Test
  void databaseIsTheRequestsThenTheHeadersThenDefault() {
    SearchRequest withDb = SearchRequest.newBuilder().setCollectionName("docs").setDbName("db1").build();
    SearchRequest without = SearchRequest.newBuilder().setCollectionName("docs").build();
    String search = "milvus.proto.milvus.MilvusService/Search";
    Map<String, String> header = Map.of("dbname", "db2");
    assertThat(DIALECT.classify(search, withDb, header::get).database()).isEqualTo("db1");
    assertThat(DIALECT.classify(search, without, header::get).database()).isEqualTo("db2");
    assertThat(DIALECT.classify(search, without, h -> null).database()).isEqualTo("default");
    assertThat(DIALECT.classify("milvus.proto.milvus.MilvusService/CreateCredential", without, h -> null).scope())
        .isEqualTo(Scope.GLOBAL);
  }

  @Test
  void tenantClauseGoesIntoEverySubRequestAndHybridRequest() {
    Obligations ob = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).maxResults(5).build();
    SearchRequest search = SearchRequest.newBuilder().setCollectionName("docs").setDsl("a == 1")
        .addSearchParams(KeyValuePair.newBuilder().setKey("topk").setValue("100"))
        .addSubReqs(SubSearchRequest.newBuilder().setDsl("b == 2"))
        .addSubReqs(SubSearchRequest.newBuilder()).build();
    SearchRequest rewritten = (SearchRequest) DIALECT.rewrite(
        DIALECT.classify("milvus.proto.milvus.MilvusService/Search", search, h -> null), search, ob);
    assertThat(rewritten.getDsl()).isEqualTo("(a == 1) and (tenant == {__vg_t0})");
    assertThat(rewritten.getSearchParams(0).getValue()).isEqualTo("5");
    assertThat(rewritten.getSubReqsList()).extracting(SubSearchRequest::getDsl)
        .containsExactly("(b == 2) and (tenant == {__vg_t0})", "tenant == {__vg_t0}");
    assertThat(rewritten.getSubReqs(1).getExprTemplateValuesMap()).containsKey("__vg_t0");

    HybridSearchRequest hybrid = HybridSearchRequest.newBuilder().setCollectionName("docs")
        .addRequests(SearchRequest.newBuilder().setDsl("x > 1")).addRequests(SearchRequest.newBuilder()).build();
    HybridSearchRequest h = (HybridSearchRequest) DIALECT.rewrite(
        DIALECT.classify("milvus.proto.milvus.MilvusService/HybridSearch", hybrid, x -> null), hybrid, ob);
    assertThat(h.getRequestsList()).extracting(SearchRequest::getDsl)
        .containsExactly("(x > 1) and (tenant == {__vg_t0})", "tenant == {__vg_t0}");
  }

  @Test
  void reservedTemplateNamesAndUnbalancedExpressionsAreRefused() {
    Obligations ob = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    QueryRequest spoof = QueryRequest.newBuilder().setCollectionName("docs").setExpr("tenant == {__vg_t0}")
        .putExprTemplateValues("__vg_t0", TemplateValue.newBuilder().setStringVal("globex").build()).build();
    VectorCall query = DIALECT.classify("milvus.proto.milvus.MilvusService/Query", spoof, h -> null);
    assertThatThrownBy(() -> DIALECT.rewrite(query, spoof, ob))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("the request uses the template parameter '__vg_t0', which is reserved for the guard");

    for (String bad : List.of("x == 1) or (true", "(x == 1", "x == \"a)\" or (y", "x == 'unterminated")) {
      DeleteRequest delete = DeleteRequest.newBuilder().setCollectionName("docs").setExpr(bad).build();
      VectorCall call = DIALECT.classify("milvus.proto.milvus.MilvusService/Delete", delete, h -> null);
      assertThatThrownBy(() -> DIALECT.rewrite(call, delete, ob)).as(bad)
          .isInstanceOf(RequestRejectedException.class)
          .hasMessageStartingWith("the filter expression ");
    }
    DeleteRequest quoted = DeleteRequest.newBuilder().setCollectionName("docs").setExpr("x == \"a)\"").build();
    DeleteRequest ok = (DeleteRequest) DIALECT.rewrite(
        DIALECT.classify("milvus.proto.milvus.MilvusService/Delete", quoted, h -> null), quoted, ob);
    assertThat(ok.getExpr()).isEqualTo("(x == \"a)\") and (tenant == {__vg_t0})");

    Obligations badField = Obligations.builder().tenantFilter(new TenantFilter("tenant or true", "acme")).build();
    assertThatThrownBy(() -> DIALECT.rewrite(query, QueryRequest.getDefaultInstance(), badField))
        .hasMessageStartingWith("the tenant field 'tenant or true' is not a Milvus field name");
  }
  @Test
  void aHybridSearchIsDecidedOnTheCollectionsOfItsSubRequestsToo() {
    HybridSearchRequest hybrid = HybridSearchRequest.newBuilder().setCollectionName("docs")
        .addRequests(SearchRequest.newBuilder().setCollectionName("docs").setDsl("a > 1"))
        .addRequests(SearchRequest.newBuilder().setCollectionName("secret")).build();

    VectorCall call = DIALECT.classify("milvus.proto.milvus.MilvusService/HybridSearch", hybrid, h -> null);

    assertThat(call.collections()).containsExactly("docs", "secret");
  }
  @Test
  void groupingByAFieldOutsideTheAllowedOutputFieldsIsRefused() {
    Obligations titleOnly = Obligations.builder().allowedOutputFields(Set.of("title")).build();
    SearchRequest search = SearchRequest.newBuilder().setCollectionName("docs")
        .addSearchParams(KeyValuePair.newBuilder().setKey("group_by_field").setValue("email")).build();
    VectorCall call = DIALECT.classify("milvus.proto.milvus.MilvusService/Search", search, h -> null);
    assertThatThrownBy(() -> DIALECT.rewrite(call, search, titleOnly))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("grouping by 'email' would reveal values of a field outside the allowed output fields");

    HybridSearchRequest hybrid = HybridSearchRequest.newBuilder().setCollectionName("docs")
        .addRankParams(KeyValuePair.newBuilder().setKey("group_by_field").setValue("email"))
        .addRequests(SearchRequest.newBuilder().setCollectionName("docs")).build();
    VectorCall hybridCall = DIALECT.classify("milvus.proto.milvus.MilvusService/HybridSearch", hybrid, h -> null);
    assertThatThrownBy(() -> DIALECT.rewrite(hybridCall, hybrid, titleOnly))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("grouping by 'email' would reveal values of a field outside the allowed output fields");

    SearchRequest allowed = search.toBuilder().setSearchParams(0,
        KeyValuePair.newBuilder().setKey("group_by_field").setValue("title")).build();
    assertThat(DIALECT.rewrite(call, allowed, titleOnly)).isEqualTo(allowed);
  }
  @Test
  void aStructColumnThatAMaskRuleNamesIsRemovedNotPassedThrough() {
    // Struct columns nest FieldData the masker does not rewrite; masking them means removing them.
    io.milvus.grpc.FieldData inner = io.milvus.grpc.FieldData.newBuilder().setFieldName("email")
        .setScalars(io.milvus.grpc.ScalarField.newBuilder().setStringData(
            io.milvus.grpc.StringArray.newBuilder().addData("alice@acme.io"))).build();
    io.milvus.grpc.FieldData contacts = io.milvus.grpc.FieldData.newBuilder().setFieldName("contacts")
        .setStructArrays(io.milvus.grpc.StructArrayField.newBuilder().addFields(inner)).build();
    io.milvus.grpc.FieldData title = io.milvus.grpc.FieldData.newBuilder().setFieldName("title")
        .setScalars(io.milvus.grpc.ScalarField.newBuilder().setStringData(
            io.milvus.grpc.StringArray.newBuilder().addData("doc 1"))).build();
    io.milvus.grpc.QueryResults results = io.milvus.grpc.QueryResults.newBuilder()
        .addFieldsData(title).addFieldsData(contacts).addOutputFields("title").addOutputFields("contacts").build();
    QueryRequest query = QueryRequest.newBuilder().setCollectionName("docs").build();
    VectorCall call = DIALECT.classify("milvus.proto.milvus.MilvusService/Query", query, h -> null);
    for (String field : List.of("contacts", "contacts.email", "contacts[].email")) {
      Obligations ob = Obligations.builder().mask(MaskRule.of(field, MaskAction.REDACT)).build();
      dev.vectorguard.mask.MaskPlan plan = dev.vectorguard.mask.MaskEngine.create(
          dev.vectorguard.mask.MaskSettings.defaults()).plan(ob.maskRules(), false);

      io.milvus.grpc.QueryResults masked =
          (io.milvus.grpc.QueryResults) DIALECT.mask(call, results, ob, plan).message();

      assertThat(masked.getFieldsDataList()).as(field).extracting(io.milvus.grpc.FieldData::getFieldName)
          .containsExactly("title");
      assertThat(masked.getOutputFieldsList()).as(field).containsExactly("title");
    }
  }
  @Test
  void aDeleteWithoutAnExpressionIsRefusedRatherThanWidenedToTheWholeTenant() {
    DeleteRequest delete = DeleteRequest.newBuilder().setCollectionName("docs").build();
    VectorCall call = DIALECT.classify("milvus.proto.milvus.MilvusService/Delete", delete, h -> null);
    Obligations tenant = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    // Milvus refuses an empty delete expression; with the tenant clause alone it would delete all the tenant's rows.
    assertThatThrownBy(() -> DIALECT.rewrite(call, delete, tenant))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("the delete has no filter expression, so it cannot be confined to the tenant");
  }

  private static final String SERVICE = "milvus.proto.milvus.MilvusService/";

  @Test
  void bracketsOfEveryKindMustPairUpAndStringsEndOnTheirLine() {
    Obligations ob = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    for (String bad : List.of("[(x == 1] or [true)]", "x == {a", "name == \"a\n) or (true\n\"")) {
      QueryRequest query = QueryRequest.newBuilder().setCollectionName("docs").setExpr(bad).build();
      VectorCall call = DIALECT.classify(SERVICE + "Query", query, h -> null);
      assertThatThrownBy(() -> DIALECT.rewrite(call, query, ob)).as(bad)
          .isInstanceOf(RequestRejectedException.class).hasMessageStartingWith("the filter expression ");
    }
  }

  @Test
  void everyKeywordOfTheGrammarIsNoTenantField() {
    QueryRequest query = QueryRequest.newBuilder().setCollectionName("docs").setExpr("a > 1").build();
    VectorCall call = DIALECT.classify(SERVICE + "Query", query, h -> null);
    for (String keyword : List.of("element_filter", "match_all", "st_dwithin", "iso")) {
      Obligations ob = Obligations.builder().tenantFilter(new TenantFilter(keyword, "acme")).build();
      assertThatThrownBy(() -> DIALECT.rewrite(call, query, ob)).as(keyword)
          .hasMessageStartingWith("the tenant field '" + keyword + "' is not a Milvus field name");
    }
  }

  /** LangChain4j and Spring AI keep metadata in a JSON field: the tenant can be a key inside it. */
  @Test
  void aTenantKeyInsideAJsonFieldIsFilteredAndCheckedOnInsert() {
    Obligations ob = Obligations.builder().tenantFilter(new TenantFilter("metadata[\"tenant_id\"]", "acme")).build();
    QueryRequest query = QueryRequest.newBuilder().setCollectionName("docs").setExpr("a > 1").build();
    QueryRequest sent = (QueryRequest) DIALECT.rewrite(DIALECT.classify(SERVICE + "Query", query, h -> null), query, ob);
    assertThat(sent.getExpr()).isEqualTo("(a > 1) and (metadata[\"tenant_id\"] == {__vg_t0})");
    assertThat(sent.getExprTemplateValuesMap().get("__vg_t0").getStringVal()).isEqualTo("acme");

    io.milvus.grpc.InsertRequest own = insert("{\"tenant_id\":\"acme\",\"lang\":\"en\"}");
    VectorCall insertCall = DIALECT.classify(SERVICE + "Insert", own, h -> null);
    assertThat(DIALECT.rewrite(insertCall, own, ob)).isEqualTo(own);
    io.milvus.grpc.InsertRequest foreign = insert("{\"tenant_id\":\"globex\"}");
    assertThatThrownBy(() -> DIALECT.rewrite(insertCall, foreign, ob))
        .hasMessage("row #0 has a tenant field 'metadata[\"tenant_id\"]' that differs from the caller's tenant");
    io.milvus.grpc.InsertRequest missing = insert("{\"lang\":\"en\"}");
    assertThatThrownBy(() -> DIALECT.rewrite(insertCall, missing, ob))
        .hasMessage("row #0 lacks the tenant field 'metadata[\"tenant_id\"]'");
  }

  private static io.milvus.grpc.InsertRequest insert(String metadataJson) {
    return io.milvus.grpc.InsertRequest.newBuilder().setCollectionName("docs").setNumRows(1)
        .addFieldsData(io.milvus.grpc.FieldData.newBuilder().setFieldName("metadata").setType(io.milvus.grpc.DataType.JSON)
            .setScalars(io.milvus.grpc.ScalarField.newBuilder().setJsonData(io.milvus.grpc.JSONArray.newBuilder()
                .addData(com.google.protobuf.ByteString.copyFromUtf8(metadataJson))))).build();
  }

  @Test
  void asOnRestASearchAskingForTheFieldItSearchesOnRequestsVectors() {
    SearchRequest search = SearchRequest.newBuilder().setCollectionName("docs").addOutputFields("title")
        .addOutputFields("vector").addSearchParams(KeyValuePair.newBuilder().setKey("anns_field").setValue("vector"))
        .build();
    assertThat(DIALECT.classify(SERVICE + "Search", search, h -> null).facts().vectorsRequested()).isTrue();
    SearchRequest titleOnly = search.toBuilder().clearOutputFields().addOutputFields("title").build();
    assertThat(DIALECT.classify(SERVICE + "Search", titleOnly, h -> null).facts().vectorsRequested()).isFalse();
  }

  @Test
  void columnsOfEveryVectorTypeAreRemovedWhenVectorsAreStripped() {
    io.milvus.grpc.FieldData title = io.milvus.grpc.FieldData.newBuilder().setFieldName("title")
        .setType(io.milvus.grpc.DataType.VarChar).setScalars(io.milvus.grpc.ScalarField.newBuilder()
            .setStringData(io.milvus.grpc.StringArray.newBuilder().addData("doc 1"))).build();
    io.milvus.grpc.QueryResults.Builder results = io.milvus.grpc.QueryResults.newBuilder().addFieldsData(title)
        .addOutputFields("title");
    for (io.milvus.grpc.DataType type : List.of(io.milvus.grpc.DataType.BinaryVector, io.milvus.grpc.DataType.Float16Vector,
        io.milvus.grpc.DataType.BFloat16Vector, io.milvus.grpc.DataType.Int8Vector,
        io.milvus.grpc.DataType.SparseFloatVector, io.milvus.grpc.DataType.FloatVector)) {
      results.addFieldsData(io.milvus.grpc.FieldData.newBuilder().setFieldName(type.name()).setType(type)
          .setVectors(io.milvus.grpc.VectorField.newBuilder().setDim(8)
              .setBinaryVector(com.google.protobuf.ByteString.copyFrom(new byte[] {1})))).addOutputFields(type.name());
    }
    QueryRequest query = QueryRequest.newBuilder().setCollectionName("docs").build();
    VectorCall call = DIALECT.classify(SERVICE + "Query", query, h -> null);

    io.milvus.grpc.QueryResults masked = (io.milvus.grpc.QueryResults) DIALECT.mask(call, results.build(),
        Obligations.builder().stripVectors(true).build(), null).message();

    assertThat(masked.getFieldsDataList()).extracting(io.milvus.grpc.FieldData::getFieldName).containsExactly("title");
    assertThat(masked.getOutputFieldsList()).containsExactly("title");
  }

  @Test
  void aRenameIntoAnotherDatabaseIsRefusedAsOnRest() {
    io.milvus.grpc.RenameCollectionRequest rename = io.milvus.grpc.RenameCollectionRequest.newBuilder()
        .setOldName("docs").setNewName("docs").setNewDBName("other").build();
    assertThatThrownBy(() -> DIALECT.classify(SERVICE + "RenameCollection", rename, h -> null))
        .isInstanceOf(RequestRejectedException.class)
        .hasMessage("renaming a collection into another database ('other') is not supported by the guard");
    assertThat(DIALECT.classify(SERVICE + "RenameCollection", rename.toBuilder().setNewDBName("default").build(),
        h -> null).collections()).containsExactly("docs");
  }

  @Test
  void aSearchByPrimaryKeysIsRefusedUnderATenantFilter() {
    Obligations ob = Obligations.builder().tenantFilter(new TenantFilter("tenant", "acme")).build();
    SearchRequest byKeys = SearchRequest.newBuilder().setCollectionName("docs").setSearchByPrimaryKeys(true).build();
    SearchRequest byIds = SearchRequest.newBuilder().setCollectionName("docs")
        .setIds(io.milvus.grpc.IDs.newBuilder().setIntId(io.milvus.grpc.LongArray.newBuilder().addData(7))).build();
    HybridSearchRequest hybrid = HybridSearchRequest.newBuilder().setCollectionName("docs").addRequests(byKeys).build();
    for (Message request : List.<Message>of(byKeys, byIds, hybrid)) {
      String method = request instanceof HybridSearchRequest ? "HybridSearch" : "Search";
      VectorCall call = DIALECT.classify(SERVICE + method, request, h -> null);
      assertThatThrownBy(() -> DIALECT.rewrite(call, request, ob)).as(method)
          .isInstanceOf(RequestRejectedException.class).hasMessageStartingWith("a search by primary keys loads");
    }
  }

  @Test
  void aManualCompactionIsSegmentMaintenanceAsOnRest() {
    VectorCall call = DIALECT.classify(SERVICE + "ManualCompaction",
        io.milvus.grpc.ManualCompactionRequest.newBuilder().setCollectionName("docs").build(), h -> null);
    assertThat(call.operation()).isEqualTo(Operation.FLUSH);
    assertThat(call.access()).isEqualTo(AccessLevel.MANAGE);
  }

  @Test
  void eachKnownMethodIsTheModelsActionOfTheSameName() {
    assertThat(MilvusDialect.constantName("GetLoadState")).isEqualTo("GET_LOAD_STATE");
    assertThat(MilvusDialect.constantName("BackupRBAC")).isEqualTo("BACKUP_RBAC");
    assertThat(MilvusDialect.constantName("OperatePrivilegeV2")).isEqualTo("OPERATE_PRIVILEGE_V2");
  }
}
