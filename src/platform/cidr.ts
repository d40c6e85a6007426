/** @module platform/cidr — IPv4 CIDR arithmetic for the network plan (overlap and containment). */

export interface Cidr {
  readonly text: string;
  readonly first: number;
  readonly last: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns a reason string when the text is not a canonical IPv4 CIDR. */
export function parseCidr(text: string): Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return `"${text}" is not an IPv4 CIDR (expected a.b.c.d/n)`;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255)) return `"${text}" has an octet above 255`;
  if (prefixLength > 32) return `"${text}" has a prefix length above 32`;
  const address = octets.reduce((value, octet) => value * 256 + octet, 0);
  const size = 2 ** (32 - prefixLength);
  if (address % size !== 0) {
    return `"${text}" has host bits set (the network address for /${prefixLength} is ${formatAddress(address - (address % size))})`;
  }
  return { text, first: address, last: address + size - 1, prefixLength };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}
