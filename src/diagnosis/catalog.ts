/**
 * Apps we know by name. Entries match the tenant's service principals by display name and never
 * carry an app id: vendors such as Qlik do not publish theirs (ENTRA.md "Qlik"), and a guessed id
 * would send an admin's consent to the wrong app.
 */
import { MICROSOFT_GRAPH_APP_ID } from '../graph/types';

export interface CatalogEntry {
  key: string;
  displayNamePattern: RegExp;
  vendor: string;
  friendlyName: string;
  /** Normalised words (see name-match.ts) that point at this app. */
  keywords: string[];
  /** Resource appId -> delegated scope values the vendor documents; absent = unknown. */
  documentedScopes?: Record<string, string[]>;
  notes: string;
}

/** Family keywords shared by every Qlik Web Connectors app. */
const QLIK_FAMILY = ['qlik', 'connector'];

const SCOPES_NOT_PUBLISHED =
  'Qlik does not publish the app id or the scopes of this connector: read them from a pasted consent URL, ' +
  'the Entra consent request or the sign-in logs.';

export const CATALOG: readonly CatalogEntry[] = [
  {
    key: 'qlik-web-connectors-sharepoint',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*office\s*365\s+sharepoint\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Office 365 SharePoint)',
    keywords: [...QLIK_FAMILY, 'sharepoint'],
    documentedScopes: {
      [MICROSOFT_GRAPH_APP_ID]: [
        'Files.Read.All', 'Files.ReadWrite.All', 'Sites.Read.All', 'Sites.Manage.All', 'Sites.ReadWrite.All',
        'offline_access', 'User.Read',
      ],
    },
    notes:
      'Scopes as documented by Qlik for its SharePoint automation connector; the Web Connectors app may ask for ' +
      'a subset. Delegated access is still capped by the user\'s own SharePoint rights (at least site Read).',
  },
  {
    key: 'qlik-web-connectors-onedrive',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*onedrive\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (OneDrive)',
    keywords: [...QLIK_FAMILY, 'onedrive'],
    notes: SCOPES_NOT_PUBLISHED,
  },
  {
    key: 'qlik-web-connectors-outlook',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*outlook\s*365\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Outlook 365)',
    keywords: [...QLIK_FAMILY, 'outlook'],
    notes: SCOPES_NOT_PUBLISHED,
  },
  {
    key: 'qlik-web-connectors-dynamics',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*dynamics\s*(?:365\s*)?crm\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Dynamics 365 CRM)',
    keywords: [...QLIK_FAMILY, 'dynamics'],
    notes: SCOPES_NOT_PUBLISHED,
  },
  {
    key: 'qlik-web-connectors-azure-storage',
    displayNamePattern: /^qlik\s+web\s+connectors?\s*\(\s*azure\s+storage\s*\)\s*$/i,
    vendor: 'Qlik',
    friendlyName: 'Qlik Web Connectors (Azure Storage)',
    keywords: [...QLIK_FAMILY, 'storage'],
    notes: SCOPES_NOT_PUBLISHED,
  },
];

export function findCatalogEntry(displayName: string, catalog: readonly CatalogEntry[] = CATALOG): CatalogEntry | null {
  return catalog.find((entry) => entry.displayNamePattern.test(displayName.trim())) ?? null;
}
