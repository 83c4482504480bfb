#!/usr/bin/env node
// Cross-checks Pulse's Confluent wire format with an independent implementation:
// @kafkajs/confluent-schema-registry (over avsc) decodes the bytes Pulse wrote and encodes
// records of its own, against the same schema registry.
//
// Usage: node crosscheck.js <registry-url> <input.json> <output.json>
//
// input.json:  { "decode": [{ "name", "hex" }],
//                "encode": [{ "name", "subject", "schema", "value" }] }
// output.json: { "decoded": [{ "name", "id", "value", "reencodedHex" }],
//                "encoded": [{ "name", "id", "hex" }] }
//
// Values are in a canonical JSON form both sides agree on: records as objects in field order,
// decimals as plain strings with every digit of their scale ("1999.9900"), timestamp-millis as
// epoch milliseconds, bytes as lowercase hex, enums as their symbol, absent optionals as null.
'use strict';

const fs = require('fs');
const avro = require('avsc');
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry');

/** Avro's decimal logical type on bytes, as exact strings (no floating point anywhere). */
class DecimalType extends avro.types.LogicalType {
  constructor(attrs, opts) {
    super(attrs, opts);
    this.scale = attrs.scale || 0;
  }

  _fromValue(buf) {
    let n = 0n;
    for (const b of buf) n = (n << 8n) | BigInt(b);
    if (buf.length > 0 && (buf[0] & 0x80)) n -= 1n << BigInt(buf.length * 8);
    return formatScaled(n, this.scale);
  }

  _toValue(val) {
    if (typeof val !== 'string') return undefined;
    return twosComplement(parseScaled(val, this.scale));
  }

  _resolve(type) {
    if (type instanceof DecimalType && type.scale === this.scale) return (v) => v;
    return undefined;
  }
}

function formatScaled(n, scale) {
  const negative = n < 0n;
  let digits = (negative ? -n : n).toString().padStart(scale + 1, '0');
  if (scale > 0) digits = digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
  return (negative ? '-' : '') + digits;
}

function parseScaled(text, scale) {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${text}`);
  const fraction = (match[3] || '');
  if (fraction.length > scale) throw new Error(`${text} has more than ${scale} decimal places`);
  const unscaled = BigInt(match[2] + fraction.padEnd(scale, '0'));
  return match[1] === '-' ? -unscaled : unscaled;
}

/** Minimal big-endian two's complement, the form Java's BigInteger.toByteArray() writes. */
function twosComplement(n) {
  let bytes = 1;
  while (n < -(1n << BigInt(bytes * 8 - 1)) || n >= (1n << BigInt(bytes * 8 - 1))) bytes++;
  let v = n < 0n ? n + (1n << BigInt(bytes * 8)) : n;
  const buf = Buffer.alloc(bytes);
  for (let i = bytes - 1; i >= 0; i--) {
    buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return buf;
}

function toCanonical(type, value) {
  if (value === null || value === undefined) return null;
  if (type instanceof DecimalType) return value;
  if (type instanceof avro.types.LogicalType) return toCanonical(type.underlyingType, value);
  if (type instanceof avro.types.UnwrappedUnionType) {
    return toCanonical(type.types.find((t) => t.typeName !== 'null'), value);
  }
  if (type instanceof avro.types.RecordType) {
    const out = {};
    for (const field of type.fields) out[field.name] = toCanonical(field.type, value[field.name]);
    return out;
  }
  if (type instanceof avro.types.ArrayType) return value.map((v) => toCanonical(type.itemsType, v));
  if (type instanceof avro.types.MapType) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = toCanonical(type.valuesType, v);
    return out;
  }
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return value;
}

function fromCanonical(type, value) {
  if (value === null || value === undefined) return null;
  if (type instanceof DecimalType) return value;
  if (type instanceof avro.types.LogicalType) return fromCanonical(type.underlyingType, value);
  if (type instanceof avro.types.UnwrappedUnionType) {
    return fromCanonical(type.types.find((t) => t.typeName !== 'null'), value);
  }
  if (type instanceof avro.types.RecordType) {
    const out = {};
    for (const field of type.fields) out[field.name] = fromCanonical(field.type, value[field.name]);
    return out;
  }
  if (type instanceof avro.types.ArrayType) return value.map((v) => fromCanonical(type.itemsType, v));
  if (type instanceof avro.types.MapType) {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = fromCanonical(type.valuesType, v);
    return out;
  }
  if (type.typeName === 'bytes' || type.typeName === 'fixed') return Buffer.from(value, 'hex');
  return value;
}

async function main() {
  const [url, inputFile, outputFile] = process.argv.slice(2);
  if (!url || !inputFile || !outputFile) {
    console.error('usage: node crosscheck.js <registry-url> <input.json> <output.json>');
    process.exit(2);
  }
  const input = JSON.parse(fs.readFileSync(inputFile, 'utf8'));
  const registry = new SchemaRegistry(
    { host: url, retry: { retries: 0 } },
    { [SchemaType.AVRO]: { logicalTypes: { decimal: DecimalType } } },
  );

  const decoded = [];
  for (const item of input.decode || []) {
    const bytes = Buffer.from(item.hex, 'hex');
    const id = bytes.readInt32BE(1);
    const value = await registry.decode(bytes);
    const type = await registry.getSchema(id);
    const reencoded = await registry.encode(id, value);
    decoded.push({ name: item.name, id, value: toCanonical(type, value), reencodedHex: reencoded.toString('hex') });
  }

  const encoded = [];
  for (const item of input.encode || []) {
    const { id } = await registry.register({ type: SchemaType.AVRO, schema: item.schema }, { subject: item.subject });
    const type = await registry.getSchema(id);
    const bytes = await registry.encode(id, fromCanonical(type, item.value));
    encoded.push({ name: item.name, id, hex: bytes.toString('hex') });
  }

  fs.writeFileSync(outputFile, JSON.stringify({ decoded, encoded }, null, 2));
  console.log(`crosscheck: decoded ${decoded.length}, encoded ${encoded.length}`);
}

main().catch((error) => {
  console.error(`crosscheck failed: ${error && error.stack ? error.stack : error}`);
  process.exit(1);
});
