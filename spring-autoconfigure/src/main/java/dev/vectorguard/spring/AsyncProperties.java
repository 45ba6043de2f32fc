package dev.vectorguard.spring;

/** vectorguard.audit.async.*: a bounded queue in front of the audit sink. */
public class AsyncProperties {

  /** Whether events are queued and written by a background thread. */
  private boolean enabled = false;

  /** How many events the queue holds. */
  private int capacity = 8192;

  /** What a full queue does with a new event. */
  private Overflow overflow = Overflow.BLOCK;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public int getCapacity() {
    return capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

  public Overflow getOverflow() {
    return overflow;
  }

  public void setOverflow(Overflow overflow) {
    this.overflow = overflow;
  }

  @Override
  public String toString() {
    return "async{enabled=" + enabled + ", capacity=" + capacity + ", overflow=" + overflow + '}';
  }

  /** What a full audit queue does. */
  public enum Overflow {
    /** The calling thread waits for room: no event is lost, calls slow down. */
    BLOCK,
    /** The event is refused: in required audit mode the call is refused too. */
    FAIL,
    /** The event is dropped and counted in an audit.dropped event. */
    DROP
  }
}
