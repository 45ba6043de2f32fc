package dev.vectorguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vectorguard.approval.ApprovalRecord;
import java.io.PrintWriter;

/** How the approval commands print a request: one line in a list, a block for show, or JSON. */
final class ApprovalsText {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ApprovalsText() {}

  static String line(ApprovalRecord r) {
    return r.id() + "  " + r.state().id() + "  " + r.votes().size() + "/" + r.minApprovals() + "  "
        + r.requestedAt() + "  " + r.summary();
  }

  static void block(PrintWriter out, ApprovalRecord r) {
    out.println("id:            " + r.id());
    out.println("state:         " + r.state().id());
    out.println("asked:         " + r.summary());
    out.println("workload:      " + r.workload());
    if (!r.actor().isEmpty()) {
      out.println("actor:         " + new java.util.TreeMap<>(r.actor()));
    }
    out.println("rules:         " + String.join(", ", r.rules()));
    out.println("approvers:     " + String.join(", ", r.approvers()) + " (" + r.minApprovals() + " needed)");
    out.println("grant:         " + r.grantTtl() + (r.singleUse() ? ", single use" : ", until it expires"));
    out.println("requested at:  " + r.requestedAt() + " (pending until " + r.pendingUntil() + ")");
    for (ApprovalRecord.Vote vote : r.votes()) {
      out.println("approved by:   " + vote.approver() + " at " + vote.at() + ": " + vote.reason());
    }
    if (r.decidedBy() != null) {
      out.println(r.state().id() + " by:" + " ".repeat(Math.max(1, 11 - r.state().id().length())) + r.decidedBy()
          + (r.decisionReason() == null ? "" : ": " + r.decisionReason()));
    } else if (r.decisionReason() != null) {
      out.println("note:          " + r.decisionReason());
    }
    if (r.expiresAt() != null) {
      out.println("expires at:    " + r.expiresAt());
    }
  }

  static ObjectNode json(ApprovalRecord r) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", r.id());
    node.put("state", r.state().id());
    node.put("summary", r.summary());
    node.put("workload", r.workload());
    node.set("actor", JSON.valueToTree(new java.util.TreeMap<>(r.actor())));
    node.put("backend", r.backend());
    node.put("operation", r.operation());
    node.set("collections", JSON.valueToTree(r.collections()));
    node.set("rules", JSON.valueToTree(r.rules()));
    node.set("approvers", JSON.valueToTree(r.approvers()));
    node.put("min_approvals", r.minApprovals());
    node.put("grant_ttl", r.grantTtl().toString());
    node.put("single_use", r.singleUse());
    node.put("requested_at", r.requestedAt().toString());
    node.put("pending_until", r.pendingUntil().toString());
    ArrayNode votes = node.putArray("votes");
    for (ApprovalRecord.Vote vote : r.votes()) {
      votes.addObject().put("approver", vote.approver()).put("reason", vote.reason()).put("at", vote.at().toString());
    }
    node.put("decided_by", r.decidedBy());
    node.put("decision_reason", r.decisionReason());
    node.put("expires_at", r.expiresAt() == null ? null : r.expiresAt().toString());
    return node;
  }

  static String json(Object tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
