/**
 * @module errors
 * One small family of error classes. Every error a user can see carries a stable `code` (for scripts and
 * docs) and an exit status; only the CLI entry point turns them into a process exit.
 */

/** Exit statuses the CLI documents. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  invalidInput: 3,
  notFound: 4,
  conflict: 5,
  forbidden: 6,
  gateClosed: 7,
  verificationFailed: 8,
  unavailable: 9,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class AirlockError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  /** Structured detail for `--json` output; never holds secrets. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { exitCode?: ExitCode; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) };
  }
}

/** Bad user input: a file, a field or an argument that cannot be accepted. Nothing was changed. */
export class InputError extends AirlockError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { exitCode: ExitCode.invalidInput, details });
  }
}

/** A named thing does not exist. */
export class NotFoundError extends AirlockError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { exitCode: ExitCode.notFound, details });
  }
}

/** The requested change conflicts with what exists (immutable versions, concurrent writers). */
export class ConflictError extends AirlockError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { exitCode: ExitCode.conflict, details });
  }
}

/** A governance rule refused the operation (approval gate, policy, permission). */
export class GateError extends AirlockError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { exitCode: ExitCode.gateClosed, details });
  }
}

/** A check found a violation (audit chain, isolation, RBAC drift, infra policy). */
export class VerificationError extends AirlockError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { exitCode: ExitCode.verificationFailed, details });
  }
}

/** A dependency (Azure, the twin, Azurite, python3) could not be reached or failed. */
export class UnavailableError extends AirlockError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { exitCode: ExitCode.unavailable, details });
  }
}

/** Something that should never happen: a bug in Airlock. */
export class InternalError extends AirlockError {
  constructor(message: string, cause?: unknown) {
    super("AIRLOCK_INTERNAL", message, { exitCode: ExitCode.failure, cause });
  }
}
