package dev.vectorguard.samples;

/** The README demo. Until the samples issue lands it only says what it will show. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    System.out.println("Vectorguard demo: the guarded Qdrant walk-through lands with the samples issue.");
  }
}
