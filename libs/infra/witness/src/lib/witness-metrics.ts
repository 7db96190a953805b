import { metrics, type Counter, type Histogram } from '@opentelemetry/api';

/** Counters at the witness's seams; exported on /metrics by the node's telemetry. */
export class WitnessMetrics {
  private readonly meter = metrics.getMeter('borderledger.witness');
  readonly requests: Counter = this.meter.createCounter('witness_add_checkpoint_total', {
    description: 'add-checkpoint requests by outcome (cosigned, conflict, equivocation, invalid-proof, invalid-entries, …)',
  });
  readonly equivocations: Counter = this.meter.createCounter('witness_equivocations_total', {
    description: 'two different signed checkpoints of one size seen from a log (a fork): each one is an alert',
  });
  readonly entriesValidated: Counter = this.meter.createCounter('witness_entries_validated_total', {
    description: 'ledger entries re-validated before cosigning',
  });
  readonly duration: Histogram = this.meter.createHistogram('witness_add_checkpoint_duration_seconds', {
    description: 'time to decide an add-checkpoint request, entry re-validation included',
    unit: 's',
  });
}
