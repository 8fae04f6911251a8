import { Badge, Group } from '@mantine/core';

/** Tags as small badges. */
export function TagBadges({ tags }: { tags: string[] }) {
  if (!tags.length) return null;
  return (
    <Group gap={4} data-testid="tags">
      {tags.map((tag) => (
        <Badge key={tag} size="sm" variant="light" color="gray">
          {tag}
        </Badge>
      ))}
    </Group>
  );
}
