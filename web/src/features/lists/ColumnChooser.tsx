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
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" size="sm" data-testid="column-chooser">
          {t('list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
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
