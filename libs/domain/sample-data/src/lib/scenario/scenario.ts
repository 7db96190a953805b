import { resolveOptions, type ScenarioOptions } from './options';
import { ScenarioGenerator } from './generator';
import type { GeneratedEvent, Scenario, ScenarioItem, ScenarioSummary, TruthRecord } from './types';

/**
 * The scenario as a lazy stream, for volumes that should not sit in memory (10^5–10^6 events
 * and beyond). Items are events in submission order, interleaved with ground-truth records; a
 * consignment's truth records come before its first event. The generator's return value (what
 * `for…of` drops) is the summary. Options are checked before the first item is produced.
 */
export function streamScenario(options: ScenarioOptions): Generator<ScenarioItem, ScenarioSummary, undefined> {
  return new ScenarioGenerator(resolveOptions(options)).run();
}

/** The whole scenario in memory: every event in submission order and every truth record. */
export function generateScenario(options: ScenarioOptions): Scenario {
  const events: GeneratedEvent[] = [];
  const truth: TruthRecord[] = [];
  const stream = streamScenario(options);
  for (;;) {
    const next = stream.next();
    if (next.done) return { events, truth, summary: next.value };
    if (next.value.kind === 'event') events.push(next.value.event);
    else truth.push(next.value.truth);
  }
}
