import { Button, Checkbox, Popover, Stack } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';

interface ColumnChooserProps {
  options: { id: string; label: string }[];
  value: string[];
  onChange: (columns: string[]) => void;
}

/** Lets the user show or hide list columns, keeping the order of the definitions. */
export function ColumnChooser({ options, value, onChange }: ColumnChooserProps) {
  const { t } = useI18n();
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Button variant="default" size="sm" data-testid="column-chooser">
          {t('list.columns')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Checkbox.Group
          value={value}
          onChange={(selected) => onChange(options.map((o) => o.id).filter((id) => selected.includes(id)))}
        >
          <Stack gap="xs">
            {options.map((option) => (
              <Checkbox key={option.id} value={option.id} label={option.label} data-testid={`column-option-${option.id}`} />
            ))}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
}
