/** Every Graph route the simulator serves, by resource family. */
import { appRoleAssignmentRoutes } from './app-role-assignments';
import { consentRequestRoutes } from './consent-requests';
import type { Route } from './context';
import { grantRoutes } from './grants';
import { groupRoutes } from './groups';
import { organizationRoutes } from './organization';
import { policyRoutes } from './policies';
import { roleManagementRoutes } from './role-management';
import { servicePrincipalRoutes } from './service-principals';
import { signInRoutes } from './sign-ins';
import { userRoutes } from './users';

export const ROUTES: readonly Route[] = [
  ...userRoutes,
  ...groupRoutes,
  ...servicePrincipalRoutes,
  ...appRoleAssignmentRoutes,
  ...grantRoutes,
  ...policyRoutes,
  ...consentRequestRoutes,
  ...signInRoutes,
  ...roleManagementRoutes,
  ...organizationRoutes,
];
