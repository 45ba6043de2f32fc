package dev.vectorguard.conformance;

import dev.vectorguard.VectorGuard;
import java.util.List;

/**
 * One transport under test: how it sends a scenario's request through the guard, and how it reads
 * the request it would send. A new transport implements this and is listed in a
 * {@link ConformanceSuite} subclass; the rows stay as they are.
 */
public interface TransportBinding {

  /** The wire whose spelling of a row this transport reads. */
  Wire wire();

  /**
   * Sends {@code scenario}'s request, spelled for {@link #wire()}, through the guard's whole
   * request pipeline for {@link World#actor()}, with fresh transport state (a new dialect, alias
   * memory). First teaches the transport the scenario's {@link Scenario#aliases() aliases} and,
   * when {@link Scenario#described()}, the schema of {@link World#DOCS}, the way it learns them in
   * production (a listing or describe response that passes through it); when the scenario has a
   * canned response for this wire, hands it back through the response pipeline too.
   *
   * @return what the transport did; a refusal is an outcome, never an exception
   * @throws Exception only when the row itself is broken (its JSON does not parse)
   */
  Outcome send(Scenario scenario, VectorGuard guard) throws Exception;

  /**
   * Why the request {@code allowed} sent does not meet {@code expectation}; empty when it does.
   * Each message names the part of the request at fault.
   */
  List<String> violations(Expectation expectation, Spelling spelling, Outcome.Allowed allowed);
}
