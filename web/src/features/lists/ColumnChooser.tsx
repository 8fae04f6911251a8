import { Button, Checkbox, Popover, Stack } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';

interface ColumnChooserProps {
  options: { id: string; label: string }[];
  value: string[];
  /** One column ticked or unticked; the list keeps the order of `options`. */
  onToggle: (id: string, shown: boolean) => void;
}

/** Lets the user show or hide list columns, keeping the order of the definitions. */
export function ColumnChooser({ options, value, onToggle }: ColumnChooserProps) {
  const { t } = useI18n();
  return (
    // The boxes are rendered at the end of the page (a portal): opened from the keyboard, the focus
    // goes into them (Tab stays among them) and comes back to the button when it closes.
    <Popover position="bottom-end" shadow="md" withinPortal trapFocus returnFocus>
      <Popover.Target>
        <Button variant="default" size="sm" data-testid="column-chooser">
          {t('list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown
        // Mantine closes it on Escape; the key goes no further, or it would also dismiss a screen
        // pop's call card (a shortcut on the whole page) or close the phone navigation.
        onKeyDown={(event) => {
          if (event.key === 'Escape') event.stopPropagation();
        }}
      >
        {/* Each box says which column it is: a change is made from the address bar as it is then
            (see useListState), so two quick ticks both count. */}
        <Stack gap="xs" role="group" aria-label={t('list.columns')}>
          {options.map((option) => (
            <Checkbox
              key={option.id}
              label={option.label}
              checked={value.includes(option.id)}
              onChange={(event) => onToggle(option.id, event.currentTarget.checked)}
              data-testid={`column-option-${option.id}`}
            />
          ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
