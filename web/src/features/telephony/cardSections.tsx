import type { ComponentType } from 'react';
import { Stack, Text } from '@mantine/core';
import { i18n } from '../../i18n/i18n.js';
import type { CardMatch } from './types.js';

/** Props a screen-pop section renderer receives. */
export interface CardSectionProps {
  name: string;
  value: unknown;
  match: CardMatch;
}

/**
 * Renderers for the `sections` other modules add to the screen pop (balance, open requests,
 * deals…). A module registers a component by section name; sections without one are shown by
 * the generic renderer below, so a new server-side section appears without web changes.
 */
const renderers = new Map<string, ComponentType<CardSectionProps>>();

export function registerCardSection(name: string, component: ComponentType<CardSectionProps>): void {
  renderers.set(name, component);
}

export function sectionRenderer(name: string): ComponentType<CardSectionProps> {
  return renderers.get(name) ?? GenericSection;
}

/** A section's title: `pop.section.<name>` when translated, else the name made readable. */
export function sectionTitle(name: string): string {
  const key = `pop.section.${name}`;
  if (i18n.has(key)) return i18n.t(key);
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const isPrimitive = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

function formatPrimitive(value: string | number | boolean): string {
  if (typeof value === 'boolean') return i18n.t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'number') return new Intl.NumberFormat(i18n.language === 'fr' ? 'fr-FR' : 'en-GB').format(value);
  return value;
}

/** One object as a line: its label-like field first, then its other simple fields (ids left out). */
function describeObject(value: Record<string, unknown>): string {
  const first = ['title', 'label', 'name', 'displayName', 'number'].find((k) => isPrimitive(value[k]));
  const rest = Object.entries(value)
    .filter(([k, v]) => k !== first && isPrimitive(v) && !/^id$|Id$/.test(k))
    .map(([k, v]) => `${sectionTitle(k)}: ${formatPrimitive(v as string | number | boolean)}`);
  return [first ? formatPrimitive(value[first] as string) : null, ...rest].filter(Boolean).join(' · ');
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (isPrimitive(value)) return formatPrimitive(value);
  if (Array.isArray(value)) return value.map(describe).filter(Boolean).join(', ');
  if (typeof value === 'object') return describeObject(value as Record<string, unknown>);
  return '';
}

/** Any JSON value, readably: a list for arrays, "key: value" lines for objects, text otherwise. */
export function GenericSection({ value }: CardSectionProps) {
  if (value === null || value === undefined) return null;
  let lines: string[];
  if (Array.isArray(value)) lines = value.slice(0, 5).map(describe);
  else if (typeof value === 'object') {
    lines = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${sectionTitle(k)}: ${describe(v)}`);
  } else lines = [describe(value)];
  return (
    <Stack gap={0}>
      {lines.filter(Boolean).map((line, i) => (
        <Text key={i} size="xs">
          {line}
        </Text>
      ))}
    </Stack>
  );
}
