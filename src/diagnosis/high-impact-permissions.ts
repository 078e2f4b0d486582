/**
 * Delegated permissions whose impact is high enough that a click must never grant them on a
 * requester's word alone (issue: write access to the directory, roles and apps, mail send /
 * read-write, full mailbox access, chat). Kept in ONE place, with its sources:
 *
 *  - CISA ScubaGear, cisagov/ScubaGear, file PowerShell/ScubaGear/schemas/RiskyAppPermissions.json
 *    (formerly PowerShell/ScubaGear/Modules/Permissions/RiskyPermissions.json), read at commit
 *    9d652a5845a0e9ad5c2c826a01bb1dbf48e95583 (2026-07-01): every delegated permission it rates
 *    "High" or "Critical" for Microsoft Graph, Office 365 Exchange Online, Office 365 SharePoint Online
 *    and Dataverse (Dynamics CRM). Names and ids below are recorded as facts from that list.
 *  - Additions, each with its reason in ADDITIONS: permissions the list rates lower (or lists only as
 *    application permissions) whose delegated form still reads or changes other people's data or roles.
 *
 * Pure data and a tiny API: the diagnosis (remedy confirmation) and the approval card (risk markers)
 * both import it.
 */
import { MICROSOFT_GRAPH_APP_ID, SHAREPOINT_APP_ID } from '../graph/types';
import { DYNAMICS_CRM_APP_ID, EXCHANGE_ONLINE_APP_ID } from './resources';

type HighImpactLevel = 'high' | 'critical';

/** [permission value, delegated permission id, level] */
type Row = readonly [string, string, HighImpactLevel];

/** From ScubaGear's RiskyAppPermissions.json, delegated, RiskLevel High or Critical. */
const SCUBAGEAR: Record<string, readonly Row[]> = {
  [MICROSOFT_GRAPH_APP_ID]: [
    ['AccessReview.ReadWrite.All', 'e4aa47b9-9a69-4109-82ed-36ec70d85ff1', 'high'],
    ['AccessReview.ReadWrite.Membership', '5af8c3f5-baca-439a-97b0-ea58a435e269', 'high'],
    ['AdministrativeUnit.ReadWrite.All', '7b8a2d34-6b3f-4542-a343-54651608ad81', 'high'],
    ['Agreement.ReadWrite.All', 'ef4b5d93-3104-4664-9053-a5c49ab44218', 'high'],
    ['APIConnectors.ReadWrite.All', 'c67b52c5-7c69-48b6-9d48-7b3af3ded914', 'high'],
    ['AppCatalog.ReadWrite.All', '1ca167d5-1655-44a1-8adf-1414072e1ef9', 'high'],
    ['AppCertTrustConfiguration.ReadWrite.All', '4bae2ed4-473e-4841-a493-9829cfd51d48', 'high'],
    ['Application-RemoteDesktopConfig.ReadWrite.All', 'ffa91d43-2ad8-45cc-b592-09caddeb24bb', 'high'],
    ['Application.ReadWrite.All', 'bdfbf15f-ee85-4955-8675-146e8e5296b5', 'high'],
    ['AppRoleAssignment.ReadWrite.All', '84bccea3-f856-4a8a-967b-dbe0a3d53a64', 'high'],
    ['AuthenticationContext.ReadWrite.All', 'ba6d575a-1344-4516-b777-1404f5593057', 'high'],
    ['BackupRestore-Configuration.ReadWrite.All', 'a0244d16-171c-4496-8ffb-7b9b6954d339', 'high'],
    ['BackupRestore-Control.ReadWrite.All', '96d46335-d92d-41b8-bc9f-273a692381ea', 'high'],
    ['BackupRestore-Restore.ReadWrite.All', '9f89e109-94b9-4c9b-b4fc-98cdaa54f574', 'high'],
    ['Mail.ReadWrite', '024d486e-b451-40bb-833d-3e66d98c5c73', 'high'],
    ['Mail.Send', 'e383f46e-2787-4529-855e-0e479a3ffac0', 'high'],
    ['User.ReadWrite.All', '204e0828-b5ca-4ad8-b9f3-f32a958e7cc4', 'critical'],
    ['User.Export.All', '405a51b5-8d8d-430b-9842-8be4b0e9f324', 'high'],
    ['Sites.ReadWrite.All', '89fe6a52-be36-487e-b7d8-d061c450a026', 'critical'],
    ['AttackSimulation.ReadWrite.All', '27608d7c-2c66-4cad-a657-951d575f5a60', 'high'],
    ['Device.Command', 'bac3b9c2-b516-4ef4-bd3b-c2ef73d8d804', 'high'],
    ['EAS.AccessAsUser.All', 'ff91d191-45a0-43fd-b837-bd682c4a0b0f', 'high'],
    ['EWS.AccessAsUser.All', '9769c687-087d-48ac-9cb3-c37dde652038', 'high'],
    ['IMAP.AccessAsUser.All', '652390e4-393a-48de-9484-05f9b1212954', 'high'],
    ['POP.AccessAsUser.All', 'd7b7f2d9-0f45-4ea1-9d42-e50810c06991', 'high'],
    ['Files.ReadWrite.All', '863451e7-0667-486c-a5d6-d135439485f0', 'high'],
    ['Financials.ReadWrite.All', 'f534bf13-55d4-45a9-8f3c-c92fe64d6131', 'high'],
    ['SMTP.Send', '258f6531-6087-4cc4-bb90-092c5fb3ed3f', 'high'],
    ['RoleManagement.ReadWrite.Directory', 'd01b97e9-cbc0-49fe-810a-750afd5527a3', 'critical'],
    ['RoleManagement.ReadWrite.Exchange', 'c1499fe0-52b1-4b22-bed2-7a244e0e879f', 'critical'],
    ['RoleManagement.ReadWrite.CloudPC', '501d06f8-07b8-4f18-b5c6-c191a4af7a82', 'high'],
    ['RoleManagement.ReadWrite.Defender', 'd8914f8f-9f64-4bd1-b4d3-f5a701ed8457', 'critical'],
    ['Directory.ReadWrite.All', 'c5366453-9fb0-48a5-a156-24f0c49a4b84', 'critical'],
    ['Policy.ReadWrite.ConditionalAccess', 'ad902697-1014-4ef5-81ef-2b4301988e8c', 'critical'],
    ['Policy.ReadWrite.AuthenticationMethod', '7e823077-d88e-468f-a337-e18f1f0e6c7c', 'critical'],
    ['UserAuthenticationMethod.ReadWrite.All', 'b7887744-6746-4312-813d-72daeaee7e2d', 'critical'],
    ['Domain.ReadWrite.All', '0b5d694c-a244-4bde-86e6-eb5cd07730fe', 'critical'],
    ['Directory.Read.All', '06da0dbc-49e2-44d2-8312-53f166ab848a', 'high'],
    ['Group.ReadWrite.All', '4e46008b-f24c-477d-8fff-7bb4ec7aafe0', 'high'],
    ['DelegatedPermissionGrant.ReadWrite.All', '41ce6ca6-6826-4807-84f1-1c82854f7ee5', 'high'],
    ['IdentityRiskyUser.ReadWrite.All', 'e0a7cdbb-08b0-4697-8264-0069786e9674', 'high'],
    ['SecurityEvents.ReadWrite.All', '6aedf524-7e1c-45a7-bd76-ded8cab8d0fc', 'high'],
    ['Directory.AccessAsUser.All', '0e263e50-5827-48a4-b97c-d940288653c7', 'critical'],
    ['TeamSettings.ReadWrite.All', '39d65650-9d3e-4223-80db-a335590d027e', 'high'],
    ['TeamsTab.ReadWrite.All', 'b98bfd41-87c6-45cc-b104-e2de4f0dafb9', 'high'],
    ['SecurityAlert.ReadWrite.All', '471f2a7f-2a42-4d45-a2bf-594d0838070d', 'high'],
    ['ThreatHunting.Read.All', 'b152eca8-ea73-4a48-8c98-1a6742673d99', 'high'],
    ['ThreatIndicators.ReadWrite.OwnedBy', '91e7d36d-022a-490f-a748-f8e011357b42', 'high'],
    ['ThreatIntelligence.Read.All', 'f266d9c0-ccb9-4fb8-a228-01ac0d8d6627', 'high'],
    ['ThreatSubmission.ReadWrite.All', '8458e264-4eb9-4922-abe9-768d58f13c7f', 'high'],
    ['CustomDetection.ReadWrite.All', 'c34088fb-0649-4714-af0b-bcbfec155897', 'high'],
  ],
  [EXCHANGE_ONLINE_APP_ID]: [
    ['Mail.ReadWrite', '75767999-c7a8-481e-a6b4-19458e0b30a5', 'high'],
    ['Mail.Send', '5eb43c10-865a-4259-960a-83946678f8dd', 'high'],
    ['EAS.AccessAsUser.All', '266d2589-20b5-4f91-9a03-89247d1be8da', 'high'],
    ['EWS.AccessAsUser.All', '3b5f3d61-589b-4a3c-a359-5dd4b5ee5bd5', 'high'],
    ['Exchange.Manage', 'ab4f2b77-0b06-4fc1-a9de-02113fc2ab7c', 'high'],
    ['Exchange.ManageV2', '44d6b5f2-d42b-4fa7-b999-1c5fcab98e4d', 'high'],
    ['Mail.Read.All', 'ad13ac2e-ad46-4dc0-b7da-249c94395a6d', 'high'],
    ['Mail.ReadWrite.All', '140e747e-90d3-4de0-8618-85a0cc7a1129', 'high'],
    ['Mail.Send.All', 'e843bc88-e493-446d-a73c-0ded7ff1913f', 'high'],
    ['Organization.ReadWrite.All', '17f07f5d-fb80-4278-ba37-70ae04d476a3', 'high'],
    ['IMAP.AccessAsUser.All', '195adc35-e27b-454b-a7ed-1ecdffa1c09f', 'high'],
    ['SMTP.Send', '76faac2a-0f20-42f1-928a-50de5b9dbe52', 'high'],
    ['POP.AccessAsUser.All', 'fb698133-92fa-453e-a9ed-688e10f2e5ac', 'high'],
  ],
  [SHAREPOINT_APP_ID]: [
    ['AllSites.Write', '640ddd16-e5b7-4d71-9690-3f4022699ee7', 'critical'],
    ['AllSites.FullControl', '56680e0d-d2a3-4ae1-80d8-3c4f2100e3d0', 'critical'],
    ['AllSites.Manage', 'b3f70a70-8a4b-4f95-9573-d71c496a53f4', 'high'],
    ['User.ReadWrite.All', '82866913-39a9-4be7-8091-f4fa781088ae', 'critical'],
    ['ProjectWebApp.FullControl', 'e7e732bd-932b-45c4-8ce5-40d60a7daad9', 'high'],
    ['SharePointCrossTenantMigration.Manage.All', '5b625b3d-65b6-4fb0-85d9-8a5aa26bdf36', 'high'],
  ],
  [DYNAMICS_CRM_APP_ID]: [['user_impersonation', '78ce3f0f-a1ce-49c2-8cde-64b5c0896db4', 'critical']],
};

/** Additions with their reasons (ids: Microsoft Graph permissions reference, learn.microsoft.com/graph/permissions-reference). */
const ADDITIONS: Record<string, readonly Row[]> = {
  [MICROSOFT_GRAPH_APP_ID]: [
    // ScubaGear lists it as an application permission (Critical); delegated it activates privileged roles for the user.
    ['RoleAssignmentSchedule.ReadWrite.Directory', '8c026be3-8e26-4774-9372-8d5d6f21daff', 'critical'],
    // ScubaGear rates it Medium; it reads and sends in every chat of the user ; access to every chat is treated as high impact.
    ['Chat.ReadWrite', '9ff7295e-131b-4d94-90e1-69fde507ac11', 'high'],
  ],
};

/** Every listed permission of every resource, by value and by id (the levels are kept above as the sources give them). */
const INDEX = new Set<string>();
const key = (resourceAppId: string, valueOrId: string): string =>
  `${resourceAppId.toLowerCase()}|${valueOrId.toLowerCase()}`;
for (const table of [SCUBAGEAR, ADDITIONS]) {
  for (const [resourceAppId, rows] of Object.entries(table)) {
    for (const [value, id] of rows) {
      INDEX.add(key(resourceAppId, value));
      INDEX.add(key(resourceAppId, id));
    }
  }
}

/** Is this delegated permission (value or permission id) of this resource in the high-impact set? */
export function isHighImpact(resourceAppId: string, scopeOrId: string): boolean {
  return INDEX.has(key(resourceAppId, scopeOrId));
}

export const HIGH_IMPACT_RESOURCES = [
  MICROSOFT_GRAPH_APP_ID,
  EXCHANGE_ONLINE_APP_ID,
  SHAREPOINT_APP_ID,
  DYNAMICS_CRM_APP_ID,
] as const;
