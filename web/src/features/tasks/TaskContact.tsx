import { Badge, Group, Tooltip } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { PhoneLink } from '../../components/PhoneLink.js';
import { usePerson } from '../people/usePerson.js';
import { useOrganisation } from '../organisations/useOrganisation.js';
import { nearCaps, usePressure } from '../telephony/usePressure.js';
import { useScopeLabel } from '../telephony/PressureNotice.js';

/**
 * What a task about someone needs before calling them: where they stand against the
 * contact-pressure caps ("contacted 3 times in 7 days, cap 3"), and their number, whose link
 * asks for a reason before going over a cap (PhoneLink).
 */
export function TaskContact({ personId, organisationId }: { personId: string | null; organisationId: string | null }) {
  const { t } = useI18n();
  const scopeLabel = useScopeLabel();
  const entity = personId ? ({ type: 'person', id: personId } as const) : organisationId ? ({ type: 'organisation', id: organisationId } as const) : null;
  const person = usePerson(personId);
  const organisation = useOrganisation(personId ? null : organisationId);
  const pressure = usePressure(entity?.id);
  if (!entity) return null;
  const phone = (personId ? person.data?.phones : organisation.data?.phones)?.[0];
  // The most constraining cap: reached first, then the closest to its limit.
  const cap = nearCaps(pressure.data).sort((a, b) => Number(b.wouldExceed) - Number(a.wouldExceed) || b.count / Math.max(1, b.rule.maxContacts) - a.count / Math.max(1, a.rule.maxContacts))[0];
  if (!phone && !cap) return null;
  return (
    <Group gap="xs" wrap="wrap">
      {phone && <PhoneLink phone={phone} entity={entity} />}
      {cap && (
        // Focusable, and opened by focus and touch too: which rule it is must not need a mouse.
        <Tooltip label={scopeLabel(cap.rule.scopeType, cap.rule.scopeValue)} events={{ hover: true, focus: true, touch: true }}>
          <Badge
            tabIndex={0}
            size="sm"
            variant="light"
            color={cap.wouldExceed ? 'red' : 'orange'}
            data-testid="task-pressure"
            data-state={cap.wouldExceed ? 'reached' : 'near'}
          >
            {t('pressure.badge', { count: cap.count, days: cap.rule.periodDays, max: cap.rule.maxContacts })}
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
