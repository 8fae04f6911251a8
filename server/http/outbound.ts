import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * The guard every outbound connection to an address an administrator typed goes through
 * (QUALITY 15): the host is resolved once, and the connection is made to the address checked, so
 * that a second resolution cannot point it elsewhere. Loopback, private, link-local, mapped and
 * other non-public ranges are refused in every notation (0177.0.0.1, 2130706433, 127.1, ::ffff:7f00:1,
 * a name resolving to one) unless the operator allowed them with RELAIS_OUTBOUND_ALLOW: a phone
 * system on the office network is such an on-premise server.
 */
export interface OutboundPolicy {
  /** Host names (lower case) allowed whatever they resolve to. */
  hosts: Set<string>;
  /** Addresses and ranges allowed. */
  ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const OPEN_INTERNET_ONLY: OutboundPolicy = { hosts: new Set(), ranges: [] };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * Reads RELAIS_OUTBOUND_ALLOW: host names, addresses and CIDR ranges separated by commas
 * ("pbx.agence.local, 192.168.1.10, 10.20.0.0/16"). Throws on an entry it cannot read.
 */
export function parseOutboundAllow(text: string | undefined): OutboundPolicy {
  const policy: OutboundPolicy = { hosts: new Set(), ranges: [] };
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    if (entry.includes('/')) {
      policy.ranges.push(ipaddr.parseCIDR(entry));
    } else if (ipaddr.isValid(entry)) {
      const address = ipaddr.parse(entry);
      policy.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(entry)) {
      policy.hosts.add(entry.toLowerCase().replace(/\.$/, ''));
    } else {
      throw new Error(`${entry}: not a host name, an address or a range`);
    }
  }
  return policy;
}

export class OutboundRefused extends Error {
  /** The reason in English and in French, each on its own (the message holds both). */
  readonly en: string;
  readonly fr: string;
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    const en = `${host} (${address}) is not a public address: add it to RELAIS_OUTBOUND_ALLOW to connect to it`;
    const fr = `${host} (${address}) n’est pas une adresse publique : ajoutez-la à RELAIS_OUTBOUND_ALLOW pour s’y connecter`;
    super(`${en} / ${fr}`);
    this.en = en;
    this.fr = fr;
  }
}

function allowedRange(address: ipaddr.IPv4 | ipaddr.IPv6, policy: OutboundPolicy): boolean {
  return policy.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
}

/**
 * The address to connect to for `host`, checked: every address the name resolves to must be public
 * (or allowed), since the system resolver could hand any of them to a later connection.
 */
export async function resolveOutbound(host: string, policy: OutboundPolicy): Promise<string> {
  const name = host.replace(/^\[(.*)\]$/, '$1');
  // Literal addresses in any notation ipaddr.js reads (octal, hexadecimal, shortened, one number),
  // as the system resolver would read them; anything else is a name to resolve.
  const literal = ipaddr.isValid(name) ? [ipaddr.parse(name).toString()] : undefined;
  const addresses = literal ?? (await lookup(name, { all: true, verbatim: true })).map((a) => a.address);
  if (!addresses.length) throw new Error(`${host}: no address`);
  const hostAllowed = policy.hosts.has(name.toLowerCase().replace(/\.$/, ''));
  for (const text of addresses) {
    // ::ffff:127.0.0.1 is 127.0.0.1.
    const address = ipaddr.process(text);
    if (!hostAllowed && address.range() !== 'unicast' && !allowedRange(address, policy)) throw new OutboundRefused(host, text);
  }
  return ipaddr.process(addresses[0]).toString();
}
