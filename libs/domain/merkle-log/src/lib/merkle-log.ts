export function merkleLog(): string {
  return 'merkle-log';
}
