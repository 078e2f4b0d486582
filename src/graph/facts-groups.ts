/** memberOf answers mix groups, directory roles and administrative units: keep the groups. */
import type { DirectoryObjectRef, Group } from './types';

interface MemberOfItem {
  id?: string;
  displayName?: string;
  '@odata.type'?: DirectoryObjectRef['@odata.type'] | string;
  securityEnabled?: boolean;
  isAssignableToRole?: boolean;
}

export function toGroups(items: readonly MemberOfItem[]): Group[] {
  const groups: Group[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!item.id || seen.has(item.id)) continue;
    // Graph types every memberOf item; an untyped one is assumed a group (our $select asked for group fields).
    if (item['@odata.type'] !== undefined && item['@odata.type'] !== '#microsoft.graph.group') continue;
    seen.add(item.id);
    groups.push({
      id: item.id,
      displayName: item.displayName ?? item.id,
      ...(item.securityEnabled !== undefined ? { securityEnabled: item.securityEnabled } : {}),
      ...(item.isAssignableToRole !== undefined ? { isAssignableToRole: item.isAssignableToRole } : {}),
    });
  }
  return groups;
}
