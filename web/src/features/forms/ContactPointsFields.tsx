import { Button, CloseButton, Fieldset, Group, Stack, TextInput } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { LabelSelect } from './LabelSelect.js';

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

function replaceAt<T>(list: T[], index: number, row: T): T[] {
  return list.map((item, i) => (i === index ? row : item));
}

/** Editable phones (with label), e-mails and postal addresses, shared by person and organisation forms. */
export function ContactPointsFields({ value, onChange, errors }: ContactPointsFieldsProps) {
  const { t } = useI18n();
  const update = (patch: Partial<ContactPointsValue>) => onChange({ ...value, ...patch });

  return (
    <Stack>
      <Fieldset legend={t('form.phones')}>
        <Stack gap="xs">
          {value.phones.map((phone, i) => (
            <Group key={i} gap="xs" align="flex-start" wrap="wrap" data-testid={`phone-row-${i}`}>
              <TextInput
                style={ENTRY_STYLE}
                type="tel"
                aria-label={t('form.phoneNumber')}
                placeholder={t('form.phoneNumber')}
                value={phone.number}
                onChange={(event) => update({ phones: replaceAt(value.phones, i, { ...phone, number: event.currentTarget.value }) })}
                error={errors[`phones.${i}.number`] ?? errors[`phones.${i}`]}
                errorProps={{ 'data-testid': `phone-number-${i}-error` }}
                data-testid={`phone-number-${i}`}
              />
              <LabelSelect
                ariaLabel={t('form.phoneLabel')}
                value={phone.label}
                onChange={(label) => update({ phones: replaceAt(value.phones, i, { ...phone, label }) })}
                testId={`phone-label-${i}`}
              />
              <CloseButton
                aria-label={t('common.remove')}
                onClick={() => update({ phones: value.phones.filter((_, j) => j !== i) })}
                mt={4}
              />
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            w="fit-content"
            onClick={() => update({ phones: [...value.phones, { number: '', label: 'mobile' }] })}
            data-testid="add-phone"
          >
            {t('form.addPhone')}
          </Button>
        </Stack>
      </Fieldset>

      <Fieldset legend={t('form.emails')}>
        <Stack gap="xs">
          {value.emails.map((email, i) => (
            <Group key={i} gap="xs" align="flex-start" wrap="wrap" data-testid={`email-row-${i}`}>
              <TextInput
                style={ENTRY_STYLE}
                type="email"
                aria-label={t('form.emailAddress')}
                placeholder={t('form.emailAddress')}
                value={email.address}
                onChange={(event) => update({ emails: replaceAt(value.emails, i, { ...email, address: event.currentTarget.value }) })}
                error={errors[`emails.${i}.address`] ?? errors[`emails.${i}`]}
                errorProps={{ 'data-testid': `email-address-${i}-error` }}
                data-testid={`email-address-${i}`}
              />
              <LabelSelect
                ariaLabel={t('form.emailLabel')}
                value={email.label}
                onChange={(label) => update({ emails: replaceAt(value.emails, i, { ...email, label }) })}
                testId={`email-label-${i}`}
              />
              <CloseButton
                aria-label={t('common.remove')}
                onClick={() => update({ emails: value.emails.filter((_, j) => j !== i) })}
                mt={4}
              />
            </Group>
          ))}
          <Button
            variant="subtle"
            size="xs"
            w="fit-content"
            onClick={() => update({ emails: [...value.emails, { address: '', label: 'work' }] })}
            data-testid="add-email"
          >
            {t('form.addEmail')}
          </Button>
        </Stack>
      </Fieldset>

      <Fieldset legend={t('form.addresses')}>
        <Stack gap="md">
          {value.addresses.map((address, i) => {
            const set = (patch: Partial<AddressRow>) =>
              update({ addresses: replaceAt(value.addresses, i, { ...address, ...patch }) });
            const err = (field: keyof AddressRow) => errors[`addresses.${i}.${field}`];
            return (
              <Stack key={i} gap="xs">
                <Group gap="xs" justify="space-between">
                  <LabelSelect ariaLabel={t('form.addressLabel')} value={address.label} onChange={(label) => set({ label })} />
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
                  placeholder="FR"
                  maxLength={2}
                  w={120}
                  value={address.country}
                  onChange={(event) => set({ country: event.currentTarget.value.toUpperCase() })}
                  error={err('country')}
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
