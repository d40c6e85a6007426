/**
 * @module emulator/arm-errors
 * The ARM error family of the twin: every failure a client can see is an `ArmError` rendered as Azure's
 * `{"error":{"code","message","target"?,"details"?}}` body, so SDK clients map it exactly as they would
 * map Azure's.
 */

export interface ArmErrorDetail {
  code: string;
  message: string;
  target?: string;
}

export class ArmError extends Error {
  readonly status: number;
  readonly code: string;
  readonly target: string | undefined;
  readonly details: ArmErrorDetail[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { target?: string; details?: ArmErrorDetail[]; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "ArmError";
    this.status = status;
    this.code = code;
    this.target = options.target;
    this.details = options.details;
    this.headers = options.headers;
  }

  toBody(): string {
    return armErrorBody(this.code, this.message, this.target, this.details);
  }
}

export function armErrorBody(
  code: string,
  message: string,
  target?: string,
  details?: ArmErrorDetail[],
): string {
  const error: Record<string, unknown> = { code, message };
  if (target !== undefined) error.target = target;
  if (details !== undefined) error.details = details;
  return JSON.stringify({ error });
}

export const badRequest = (code: string, message: string, target?: string): ArmError =>
  new ArmError(400, code, message, { target });

/** Azure ML's user errors (bad asset bodies, immutability) carry the code `UserError`. */
export const userError = (status: number, message: string, target?: string): ArmError =>
  new ArmError(status, "UserError", message, { target });

export const notFound = (code: string, message: string): ArmError => new ArmError(404, code, message);

export const resourceNotFound = (type: string, name: string, resourceGroup: string): ArmError =>
  new ArmError(
    404,
    "ResourceNotFound",
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );

export const conflict = (code: string, message: string): ArmError => new ArmError(409, code, message);
