import { useEffect, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Group, Kbd, Loader, Paper, Popover, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue, useHotkeys, useMediaQuery } from '@mantine/hooks';
import type { SearchHit } from '../lib/types.js';
import { pathOf } from '../lib/paths.js';
import { useI18n } from '../i18n/useI18n.js';
import { SEARCH_HITS_LIMIT, useSearchHits } from '../features/records/useRecordSearch.js';

/** Over the header, from edge to edge (AppShell.Header is fixed: the box is placed within it). */
const SPREAD: CSSProperties = {
  position: 'absolute',
  left: 'var(--mantine-spacing-xs)',
  right: 'var(--mantine-spacing-xs)',
  top: '50%',
  transform: 'translateY(-50%)',
  // Above the language switch's own layers.
  zIndex: 10,
  // Hides the header's icons around the box too.
  boxShadow: '0 0 0 12px var(--mantine-color-body)',
};

/** After a full page of hits: a list filtered by the same words, where every match is. */
interface MoreEntry {
  type: 'person' | 'organisation';
  path: string;
}

/** Header search: `/` or Ctrl+K focuses it, results come as you type, arrows + Enter open one. */
export function GlobalSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const inputRef = useRef<HTMLInputElement>(null);
  // Where the user was (e.g. typing in the call panel): Escape goes back there.
  const returnTo = useRef<HTMLElement | null>(null);
  const [text, setText] = useState('');
  const [focused, setFocused] = useState(false);
  const [active, setActive] = useState(0);
  // Enter pressed before the results for the typed text arrived: open the first fresh one.
  const [pendingEnter, setPendingEnter] = useState(false);
  const [q] = useDebouncedValue(text.trim(), 150);
  // On a phone the header's icons leave the box narrow: results as wide would cut names, so they
  // take the screen's width instead.
  const phone = useMediaQuery('(max-width: 48em)');
  // While typing on a phone the box spreads over the whole header (its icons wait beneath), so
  // what is typed reads whole.
  const spread = phone && focused;

  const focusSearch = () => {
    const current = document.activeElement;
    if (current instanceof HTMLElement && current !== inputRef.current) returnTo.current = current;
    inputRef.current?.focus();
    inputRef.current?.select();
  };
  // `/` must not fire while typing in a field; Ctrl+K works everywhere.
  useHotkeys([
    ['/', focusSearch],
    ['shift+/', focusSearch],
  ]);
  useHotkeys([['mod+K', focusSearch]], []);

  const { results, hits } = useSearchHits(q);
  const fresh = q === text.trim() && !results.isPlaceholderData && !results.isFetching;
  // A full page of hits may not be all: after them, each list filtered by the same words shows every match.
  const more: MoreEntry[] = hits.length >= SEARCH_HITS_LIMIT
    ? (['person', 'organisation'] as const).map((type) => ({ type, path: `${type === 'person' ? '/people' : '/organisations'}?${new URLSearchParams({ q })}` }))
    : [];
  const entries = hits.length + more.length;

  useEffect(() => setActive(0), [q]);

  const leave = () => {
    setText('');
    setPendingEnter(false);
    inputRef.current?.blur();
  };
  const open = (hit: SearchHit) => {
    // The record's heading takes the focus (RecordHeader): the next Tab goes on from there.
    navigate(pathOf(hit), { state: { focusHeading: true } });
    leave();
  };
  const openList = (entry: MoreEntry) => {
    navigate(entry.path);
    leave();
  };
  const openEntry = (index: number) => {
    if (index < hits.length) open(hits[index]);
    else if (more[index - hits.length]) openList(more[index - hits.length]);
  };

  useEffect(() => {
    if (!pendingEnter || !fresh) return;
    if (hits[0]) open(hits[0]);
    else setPendingEnter(false);
    // `open` is recreated each render; only freshness matters here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingEnter, fresh, hits]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => (entries ? (i + 1) % entries : 0));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (entries ? (i - 1 + entries) % entries : 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // Fast typists hit Enter before the debounce: never open a result of an older query.
      if (!fresh) setPendingEnter(true);
      else openEntry(active);
    } else if (event.key === 'Escape') {
      setPendingEnter(false);
      setText('');
      const back = returnTo.current;
      if (back?.isConnected) back.focus();
      else inputRef.current?.blur();
    }
  };

  const showDropdown = focused && text.trim().length > 0;
  const activeId = hits[active] ? `search-hit-${hits[active].type}-${hits[active].id}` : more[active - hits.length] ? `search-more-${more[active - hits.length].type}` : undefined;

  return (
    <Popover
      opened={showDropdown}
      position="bottom-start"
      width={phone ? 'calc(100vw - 2 * var(--mantine-spacing-xs))' : 'target'}
      shadow="md" trapFocus={false} returnFocus={false}>
      <Popover.Target>
        <TextInput
          ref={inputRef}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setPendingEnter(false);
          }}
          onFocus={() => setFocused(true)}
          onBlur={() => {
            setFocused(false);
            // Left some other way (click, Tab): a later Escape has nowhere to go back to.
            returnTo.current = null;
          }}
          onKeyDown={onKeyDown}
          placeholder={t(phone ? 'search.placeholderShort' : 'search.placeholder')}
          aria-label={t('search.label')}
          role="combobox"
          aria-expanded={showDropdown}
          aria-controls="global-search-results"
          aria-activedescendant={activeId}
          aria-autocomplete="list"
          autoComplete="off"
          // Escape here closes the search only, not a dialog (call panel) it was opened over.
          data-mantine-stop-propagation="true"
          data-testid="global-search"
          maw={spread ? undefined : 520}
          style={spread ? SPREAD : undefined}
          // The hint is no button: a tap on it lands in the field. On a phone (no keyboard) there is none.
          rightSection={results.isFetching ? <Loader size="xs" /> : phone ? null : <Kbd data-testid="global-search-hint">/</Kbd>}
          rightSectionPointerEvents="none"
        />
      </Popover.Target>
      <Popover.Dropdown p={4}>
        <Stack gap={2} id="global-search-results" role="listbox" aria-label={t('search.label')} data-testid="search-results">
          {hits.length === 0 && (
            <Text size="sm" c="dimmed" p="xs">
              {results.isFetching || q !== text.trim() ? t('search.searching') : t('search.noResults', { q: text.trim() })}
            </Text>
          )}
          {hits.map((hit, index) => (
            <UnstyledButton
              key={`${hit.type}-${hit.id}`}
              id={`search-hit-${hit.type}-${hit.id}`}
              role="option"
              aria-selected={index === active}
              data-testid="search-result"
              // mousedown would blur the input and close the list before the click lands.
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(index)}
              onClick={() => open(hit)}
            >
              <Paper p="xs" bg={index === active ? 'blue.0' : undefined}>
                <Group justify="space-between" wrap="nowrap">
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>
                      {hit.title}
                    </Text>
                    {hit.subtitle && (
                      <Text size="xs" c="dimmed" truncate>
                        {hit.subtitle}
                      </Text>
                    )}
                  </div>
                  <Badge size="xs" variant="light" color={hit.type === 'person' ? 'blue' : 'grape'}>
                    {t(hit.type === 'person' ? 'search.type.person' : 'search.type.organisation')}
                  </Badge>
                </Group>
              </Paper>
            </UnstyledButton>
          ))}
          {more.map((entry, i) => (
            <UnstyledButton
              key={entry.type}
              id={`search-more-${entry.type}`}
              role="option"
              aria-selected={hits.length + i === active}
              data-testid={`search-more-${entry.type}`}
              onMouseDown={(event) => event.preventDefault()}
              onMouseEnter={() => setActive(hits.length + i)}
              onClick={() => openList(entry)}
            >
              <Paper px="xs" py={6} bg={hits.length + i === active ? 'blue.0' : undefined}>
                <Text size="sm" c="blue.8">
                  {t(entry.type === 'person' ? 'search.allPeople' : 'search.allOrganisations', { q })}
                </Text>
              </Paper>
            </UnstyledButton>
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
