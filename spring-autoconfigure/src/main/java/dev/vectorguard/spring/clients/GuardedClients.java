package dev.vectorguard.spring.clients;

import dev.vectorguard.spring.VectorGuardConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Every vector-database client bean the guard met while the context started: the ones it guarded
 * in place, and the ones left unguarded because {@code vectorguard.clients.unguarded-beans} names
 * them. The post-processors that guard clients report here; the actuator endpoint lists it.
 *
 * <p>A client that cannot be guarded and is not named there stops the start with a
 * {@link VectorGuardConfigurationException} naming the bean, so that no client runs unguarded
 * without the application saying so. A name in {@code unguarded-beans} that matches no bean stops
 * the start too, so that a typo cannot hide a client. Thread-safe.
 */
public final class GuardedClients implements SmartInitializingSingleton, BeanFactoryAware {
  /** The property that names the client beans left unguarded on purpose. */
  public static final String UNGUARDED_PROPERTY = "vectorguard.clients.unguarded-beans";

  private final Set<String> unguarded;
  private final Map<String, Client> clients = new ConcurrentHashMap<>();
  private @Nullable BeanFactory beans;

  /** @param unguarded the bean names the application leaves unguarded on purpose */
  public GuardedClients(Collection<String> unguarded) {
    this.unguarded = Set.copyOf(unguarded);
  }

  /** Whether the application named {@code beanName} as a client to leave unguarded. */
  public boolean isUnguardedOnPurpose(String beanName) {
    return unguarded.contains(beanName);
  }

  /**
   * Whether {@code beanName} is to be left alone because the application named it in
   * {@value #UNGUARDED_PROPERTY}; if so it is recorded as unguarded on purpose.
   */
  public boolean leftAloneOnPurpose(String beanName, Object client) {
    if (!isUnguardedOnPurpose(beanName)) {
      return false;
    }
    unguardedOnPurpose(beanName, client);
    return true;
  }

  /** Records that {@code beanName} was guarded in place, and how. */
  public void guarded(String beanName, Object client, String how) {
    clients.put(beanName, new Client(beanName, client.getClass().getName(), Client.GUARDED, how));
  }

  /** Records that {@code beanName} is left unguarded because the application named it so. */
  public void unguardedOnPurpose(String beanName, Object client) {
    clients.put(beanName, new Client(beanName, client.getClass().getName(), Client.UNGUARDED,
        "named in " + UNGUARDED_PROPERTY));
  }

  /**
   * Leaves {@code client} unguarded when the application named it in
   * {@value #UNGUARDED_PROPERTY}; otherwise stops the start.
   *
   * @param why why the guard cannot guard it, a sentence
   * @param fix how to make it guardable
   * @return {@code client}, when it is left unguarded on purpose
   * @throws VectorGuardConfigurationException when it is not
   */
  public <T> T unguardable(String beanName, T client, String why, String fix) {
    if (leftAloneOnPurpose(beanName, client)) {
      return client;
    }
    throw new VectorGuardConfigurationException("The vector database client bean '" + beanName + "' ("
        + client.getClass().getName() + ") cannot be guarded: " + why,
        fix + " Or, to run it unguarded on purpose, add '" + beanName + "' to " + UNGUARDED_PROPERTY + ".");
  }

  /** The clients met so far, sorted by bean name. */
  public List<Client> clients() {
    List<Client> out = new ArrayList<>(clients.values());
    out.sort(Comparator.comparing(Client::bean));
    return out;
  }

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beans = beanFactory;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (beans != null) {
      requireBeans(beans, unguarded, Object.class, UNGUARDED_PROPERTY, "bean of that name",
          "Name the client beans to leave unguarded exactly as they are defined, or remove the name.");
    }
  }

  /**
   * Stops the start when a name that {@code property} lists matches no bean of {@code type}, so
   * that a typo in a list of beans to guard or to leave alone cannot go unnoticed.
   *
   * @param missing what the message says is missing, such as {@code "ManagedChannel bean of that name"}
   * @throws VectorGuardConfigurationException naming the first such name, in sorted order
   */
  public static void requireBeans(BeanFactory beans, Collection<String> names, Class<?> type, String property,
      String missing, String action) {
    for (String name : new TreeSet<>(names)) {
      if (!beans.containsBean(name) || !beans.isTypeMatch(name, type)) {
        throw new VectorGuardConfigurationException(property + " names '" + name + "', but there is no " + missing
            + ".", action);
      }
    }
  }

  /**
   * One client bean.
   *
   * @param bean the bean name
   * @param type the class of the client
   * @param status {@code guarded} or {@code unguarded}
   * @param how how it was guarded, or why it was left alone
   */
  public record Client(String bean, String type, String status, String how) {
    public static final String GUARDED = "guarded";
    public static final String UNGUARDED = "unguarded";

    public Client {
      Objects.requireNonNull(bean, "bean");
    }
  }
}
