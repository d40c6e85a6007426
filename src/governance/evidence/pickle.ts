/**
 * @module governance/evidence/pickle
 * Which Python globals a pickle stream would import, read from its opcodes alone — the stream is never
 * unpickled. GLOBAL/INST name `module\nname\n` inline; STACK_GLOBAL takes both from the stack, so the walker
 * keeps a small symbolic stack and memo in which strings stay strings and everything else is opaque (as
 * picklescan and modelscan do with pickletools). `.pt` files are zip archives: every `*.pkl` member is walked.
 *
 * Why not an npm package: the pickle readers on npm (pickleparser, jpickle, unpickle) are unpicklers — they
 * build objects and resolve globals to decide what to construct — and none reports the imports of a stream it
 * cannot build; a scanner must read every opcode of a hostile stream and build nothing, so this is a walker.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** One global a stream imports, and the opcode that imports it. */
export interface PickleGlobal {
  module: string;
  name: string;
  opcode: "GLOBAL" | "STACK_GLOBAL" | "INST" | "EXT";
}

export interface PickleScan {
  globals: PickleGlobal[];
  /** Why the walk stopped early (a malformed or truncated stream), when it did. */
  problem?: string;
}

const MARK = Symbol("mark");
type Value = string | typeof MARK | { opaque: true } | { global: string };
const OPAQUE: Value = { opaque: true };

/** Arguments read from the stream by each opcode that has one (pickletools' ArgumentDescriptor). */
const FIXED: Record<number, number> = {
  74: 4, // BININT
  75: 1, // BININT1
  77: 2, // BININT2
  71: 8, // BINFLOAT
  104: 1, // BINGET
  106: 4, // LONG_BINGET
  113: 1, // BINPUT
  114: 4, // LONG_BINPUT
  128: 1, // PROTO
  130: 1, // EXT1
  131: 2, // EXT2
  132: 4, // EXT4
  149: 8, // FRAME
};

/** Walks every pickle in `bytes` (streams may be concatenated) and lists the globals they import. */
export function scanPickle(bytes: Uint8Array): PickleScan {
  const globals: PickleGlobal[] = [];
  let offset = 0;
  let streams = 0;
  while (offset < bytes.length) {
    // After the first stream, only another stream (PROTO) is read; anything else is trailing data.
    if (streams > 0 && bytes[offset] !== 0x80) break;
    const walked = walk(bytes, offset, globals);
    streams++;
    if (walked.problem) return { globals, problem: walked.problem };
    offset = walked.end;
  }
  if (streams === 0) return { globals, problem: "empty file" };
  return { globals };
}

function walk(bytes: Uint8Array, start: number, globals: PickleGlobal[]): { end: number; problem?: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  const latin1 = new TextDecoder("latin1");
  const utf8 = new TextDecoder("utf-8", { fatal: false });
  let at = start;
  const need = (count: number) => {
    if (at + count > bytes.length) throw new Error(`truncated at byte ${at}`);
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, at);
    if (end < 0) throw new Error(`unterminated line at byte ${at}`);
    const text = latin1.decode(bytes.subarray(at, end));
    at = end + 1;
    return text;
  };
  const lengthOf = (size: 1 | 4 | 8): number => {
    need(size);
    const value =
      size === 1
        ? view.getUint8(at)
        : size === 4
          ? view.getUint32(at, true)
          : Number(view.getBigUint64(at, true));
    at += size;
    return value;
  };
  const take = (count: number): Uint8Array => {
    need(count);
    const slice = bytes.subarray(at, at + count);
    at += count;
    return slice;
  };
  const pop = (count = 1) => {
    for (let i = 0; i < count; i++) stack.pop();
  };
  const popMark = (): Value[] => {
    const index = stack.lastIndexOf(MARK);
    if (index < 0) throw new Error(`no MARK on the stack at byte ${at - 1}`);
    return stack.splice(index);
  };
  const imported = (module: string, name: string, opcode: PickleGlobal["opcode"]): Value => {
    globals.push({ module, name, opcode });
    return { global: `${module}.${name}` };
  };
  const unquote = (text: string) => text.replace(/^(['"])(.*)\1$/s, "$2");
  try {
    for (;;) {
      need(1);
      const op = bytes[at++]!;
      const fixed = FIXED[op];
      switch (op) {
        case 0x2e: // STOP
          return { end: at };
        case 0x28: // MARK
          stack.push(MARK);
          break;
        case 0x30: // POP
          pop();
          break;
        case 0x31: // POP_MARK
          popMark();
          break;
        case 0x32: // DUP
          stack.push(stack.at(-1) ?? OPAQUE);
          break;
        case 0x46: // FLOAT
        case 0x49: // INT
        case 0x4c: // LONG
          line();
          stack.push(OPAQUE);
          break;
        case 0x50: // PERSID
          line();
          stack.push(OPAQUE);
          break;
        case 0x53: // STRING
          stack.push(unquote(line()));
          break;
        case 0x56: // UNICODE
          stack.push(line());
          break;
        case 0x54: // BINSTRING
          stack.push(latin1.decode(take(lengthOf(4))));
          break;
        case 0x55: // SHORT_BINSTRING
          stack.push(latin1.decode(take(lengthOf(1))));
          break;
        case 0x58: // BINUNICODE
          stack.push(utf8.decode(take(lengthOf(4))));
          break;
        case 0x8c: // SHORT_BINUNICODE
          stack.push(utf8.decode(take(lengthOf(1))));
          break;
        case 0x8d: // BINUNICODE8
          stack.push(utf8.decode(take(lengthOf(8))));
          break;
        case 0x42: // BINBYTES
          take(lengthOf(4));
          stack.push(OPAQUE);
          break;
        case 0x43: // SHORT_BINBYTES
          take(lengthOf(1));
          stack.push(OPAQUE);
          break;
        case 0x8e: // BINBYTES8
        case 0x96: // BYTEARRAY8
          take(lengthOf(8));
          stack.push(OPAQUE);
          break;
        case 0x4e: // NONE
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
        case 0x7d: // EMPTY_DICT
        case 0x5d: // EMPTY_LIST
        case 0x29: // EMPTY_TUPLE
        case 0x8f: // EMPTY_SET
        case 0x97: // NEXT_BUFFER
          stack.push(OPAQUE);
          break;
        case 0x98: // READONLY_BUFFER
          break;
        case 0x8a: // LONG1
          take(lengthOf(1));
          stack.push(OPAQUE);
          break;
        case 0x8b: // LONG4
          take(lengthOf(4));
          stack.push(OPAQUE);
          break;
        case 0x51: // BINPERSID
          pop();
          stack.push(OPAQUE);
          break;
        case 0x52: // REDUCE
        case 0x81: // NEWOBJ
          pop(2);
          stack.push(OPAQUE);
          break;
        case 0x92: // NEWOBJ_EX
          pop(3);
          stack.push(OPAQUE);
          break;
        case 0x62: // BUILD
        case 0x61: // APPEND
          pop();
          break;
        case 0x73: // SETITEM
          pop(2);
          break;
        case 0x65: // APPENDS
        case 0x75: // SETITEMS
        case 0x90: // ADDITEMS
          popMark();
          break;
        case 0x64: // DICT
        case 0x6c: // LIST
        case 0x74: // TUPLE
        case 0x91: // FROZENSET
        case 0x6f: // OBJ
          popMark();
          stack.push(OPAQUE);
          break;
        case 0x85: // TUPLE1
          pop(1);
          stack.push(OPAQUE);
          break;
        case 0x86: // TUPLE2
          pop(2);
          stack.push(OPAQUE);
          break;
        case 0x87: // TUPLE3
          pop(3);
          stack.push(OPAQUE);
          break;
        case 0x63: // GLOBAL
          stack.push(imported(line(), line(), "GLOBAL"));
          break;
        case 0x69: // INST
          popMark();
          stack.push(imported(line(), line(), "INST"));
          break;
        case 0x93: {
          // STACK_GLOBAL: module and name are the two strings on top of the stack (maybe fetched from the memo).
          const name = stack.pop();
          const module = stack.pop();
          if (typeof module !== "string" || typeof name !== "string") {
            throw new Error(`STACK_GLOBAL at byte ${at - 1} without two strings on the stack`);
          }
          stack.push(imported(module, name, "STACK_GLOBAL"));
          break;
        }
        case 0x67: // GET
          stack.push(memo.get(Number(line())) ?? OPAQUE);
          break;
        case 0x70: // PUT
          memo.set(Number(line()), stack.at(-1) ?? OPAQUE);
          break;
        case 0x94: // MEMOIZE
          memo.set(memo.size, stack.at(-1) ?? OPAQUE);
          break;
        default: {
          if (fixed === undefined) throw new Error(`unknown opcode 0x${op.toString(16)} at byte ${at - 1}`);
          need(fixed);
          const argument =
            fixed === 1
              ? view.getUint8(at)
              : fixed === 2
                ? view.getUint16(at, true)
                : fixed === 4
                  ? view.getUint32(at, true)
                  : 0;
          at += fixed;
          if (op === 0x68 || op === 0x6a) stack.push(memo.get(argument) ?? OPAQUE);
          else if (op === 0x71 || op === 0x72) memo.set(argument, stack.at(-1) ?? OPAQUE);
          else if (op === 0x82 || op === 0x83 || op === 0x84) {
            // The copyreg extension registry maps a code to a global this scan cannot see: name it as such.
            stack.push(imported("copyreg.extension", String(argument), "EXT"));
          } else if (op !== 0x80 && op !== 0x95) stack.push(OPAQUE);
        }
      }
    }
  } catch (error) {
    return { end: at, problem: (error as Error).message };
  }
}

/** The pickle members of a zip archive (PyTorch's `.pt`: `<name>/data.pkl`), each walked. */
export function scanZipPickles(
  bytes: Uint8Array,
): { member: string; scan: PickleScan }[] | { problem: string } {
  let members: Record<string, Uint8Array>;
  try {
    // Loaded here: only zip archives (.pt) need it, and most promotions scan none.
    const { unzipSync } = require("fflate") as typeof import("fflate");
    members = unzipSync(bytes, { filter: (file) => /\.pkl$/i.test(file.name) });
  } catch (error) {
    return { problem: `not a readable zip archive: ${(error as Error).message}` };
  }
  return Object.entries(members)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([member, data]) => ({ member, scan: scanPickle(data) }));
}

/** True when `bytes` start like a zip archive (local file header). */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}
