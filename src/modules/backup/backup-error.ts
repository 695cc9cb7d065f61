/**
 * A backup or restore that cannot go on, for a reason a person can act on (a damaged file, a
 * non-empty target, a newer schema, a missing tool); the CLI prints the message as one line.
 */
export class BackupError extends Error {}
