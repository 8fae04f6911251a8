import { Button, CloseButton, Fieldset, Group, Stack, TextInput } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { LabelSelect } from './LabelSelect.js';
import { replaceAt } from './compactList.js';

export interface PhoneRow {
  number: string;
  label: string;
}
export interface EmailRow {
  address: string;
  label: string;
}
export interface AddressRow {
  label: string;
  street: string;
  postalCode: string;
  city: string;
  country: string;
}

export interface ContactPointsValue {
  phones: PhoneRow[];
  emails: EmailRow[];
  addresses: AddressRow[];
}

interface ContactPointsFieldsProps {
  value: ContactPointsValue;
  onChange: (value: ContactPointsValue) => void;
  /** Errors keyed by form path, e.g. `phones.0.number`. */
  errors: Record<string, string>;
}

/**
 * The number or address takes the row, at least 14rem: on a phone the label and the remove button
 * go below it rather than squeezing it to a few characters, on a wider screen they sit beside it.
 */
const ENTRY_STYLE = { flex: '1 1 14rem', minWidth: 0 } as const;

export const EMPTY_ADDRESS: AddressRow = { label: '', street: '', postalCode: '', city: '', country: '' };

/** Editable phones (with label), e-mails and postal addresses, shared by person and organisation forms. */
export function ContactPointsFields({ value, onChange, errors }: ContactPointsFieldsProps) {
  const { t } = useI18n();
  const update = (patch: Partial<ContactPointsValue>) => onChange({ ...value, ...patch });

  return (
    <Stack>
      <LineRows
        legend={t('form.phones')}
        rows={value.phones}
        onChange={(phones) => update({ phones })}
        field="number"
        inputType="tel"
        entryLabel={t('form.phoneNumber')}
        labelLabel={t('form.phoneLabel')}
        addLabel={t('form.addPhone')}
        newRow={{ number: '', label: 'mobile' }}
        testId={{ row: 'phone-row', entry: 'phone-number', label: 'phone-label', add: 'add-phone' }}
        errorPath={(i) => [`phones.${i}.number`, `phones.${i}`]}
        errors={errors}
      />
      <LineRows
        legend={t('form.emails')}
        rows={value.emails}
        onChange={(emails) => update({ emails })}
        field="address"
        inputType="email"
        entryLabel={t('form.emailAddress')}
        labelLabel={t('form.emailLabel')}
        addLabel={t('form.addEmail')}
        newRow={{ address: '', label: 'work' }}
        testId={{ row: 'email-row', entry: 'email-address', label: 'email-label', add: 'add-email' }}
        errorPath={(i) => [`emails.${i}.address`, `emails.${i}`]}
        errors={errors}
      />

      <Fieldset legend={t('form.addresses')}>
        <Stack gap="md">
          {value.addresses.map((address, i) => {
            const set = (patch: Partial<AddressRow>) =>
              update({ addresses: replaceAt(value.addresses, i, { ...address, ...patch }) });
            const err = (field: keyof AddressRow) => errors[`addresses.${i}.${field}`];
            return (
              <Stack key={i} gap="xs">
                <Group gap="xs" justify="space-between">
                  <LabelSelect kind="address" ariaLabel={t('form.addressLabel')} value={address.label} onChange={(label) => set({ label })} />
                  <CloseButton
                    aria-label={t('common.remove')}
                    onClick={() => update({ addresses: value.addresses.filter((_, j) => j !== i) })}
                  />
                </Group>
                <TextInput
                  label={t('form.street')}
                  value={address.street}
                  onChange={(event) => set({ street: event.currentTarget.value })}
                  error={err('street')}
                  data-testid={`address-street-${i}`}
                />
                <Group gap="xs" grow>
                  <TextInput
                    label={t('form.postalCode')}
                    value={address.postalCode}
                    onChange={(event) => set({ postalCode: event.currentTarget.value })}
                    error={err('postalCode')}
                    data-testid={`address-postal-code-${i}`}
                  />
                  <TextInput
                    label={t('form.city')}
                    value={address.city}
                    onChange={(event) => set({ city: event.currentTarget.value })}
                    error={err('city')}
                    data-testid={`address-city-${i}`}
                  />
                </Group>
                <TextInput
                  label={t('form.country')}
                  description={t('form.countryHint')}
                  maxLength={2}
                  w={120}
                  value={address.country}
                  onChange={(event) => set({ country: event.currentTarget.value.toUpperCase() })}
                  error={err('country')}
                  data-testid={`address-country-${i}`}
                />
              </Stack>
            );
          })}
          <Button
            variant="subtle"
            size="xs"
            w="fit-content"
            onClick={() => update({ addresses: [...value.addresses, { ...EMPTY_ADDRESS }] })}
            data-testid="add-address"
          >
            {t('form.addAddress')}
          </Button>
        </Stack>
      </Fieldset>
    </Stack>
  );
}

/** Phones or e-mails: one line each (the number or address, its label, remove), and "add". */
function LineRows<F extends string, R extends { label: string } & Record<F, string>>(props: {
  legend: string;
  rows: R[];
  onChange: (rows: R[]) => void;
  field: F;
  inputType: 'tel' | 'email';
  entryLabel: string;
  labelLabel: string;
  addLabel: string;
  newRow: R;
  testId: { row: string; entry: string; label: string; add: string };
  /** Where the server reports an error for row i: the field first, then the whole row. */
  errorPath: (i: number) => string[];
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  const { rows, onChange, field, testId } = props;
  return (
    <Fieldset legend={props.legend}>
      <Stack gap="xs">
        {rows.map((row, i) => (
          <Group key={i} gap="xs" align="flex-start" wrap="wrap" data-testid={`${testId.row}-${i}`}>
            <TextInput
              style={ENTRY_STYLE}
              type={props.inputType}
              aria-label={props.entryLabel}
              placeholder={props.entryLabel}
              value={row[field]}
              onChange={(event) => onChange(replaceAt(rows, i, { ...row, [field]: event.currentTarget.value }))}
              error={props.errorPath(i).map((path) => props.errors[path]).find(Boolean)}
              errorProps={{ 'data-testid': `${testId.entry}-${i}-error` }}
              data-testid={`${testId.entry}-${i}`}
            />
            <LabelSelect
              kind={props.inputType === 'tel' ? 'phone' : 'email'}
              ariaLabel={props.labelLabel}
              value={row.label}
              onChange={(label) => onChange(replaceAt(rows, i, { ...row, label }))}
              testId={`${testId.label}-${i}`}
            />
            <CloseButton aria-label={t('common.remove')} onClick={() => onChange(rows.filter((_, j) => j !== i))} mt={4} />
          </Group>
        ))}
        <Button variant="subtle" size="xs" w="fit-content" onClick={() => onChange([...rows, props.newRow])} data-testid={testId.add}>
          {props.addLabel}
        </Button>
      </Stack>
    </Fieldset>
  );
}
