package dev.vectorguard.resttest;

/** The base of every REST contract suite: the one hook a transport's test implements. */
public abstract class RestContract {
  /** The transport under test. */
  protected abstract RestTransport transport();
}
