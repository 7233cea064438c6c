import { conflict, notFound, ruleBroken } from '../shared/domain-error';
import { DecisionContext, DomainEvent, event } from '../shared/domain-event';
import { MaybeOrganisation, OrganisationKind } from './organisation';

/**
 * Who signs in for which organisation, when the identity provider does not say it (ProConnect
 * tokens name the agent, never our organisation ids or roles). One stream for every link, so the
 * token verifier finds a user's organisation in one read.
 */
export const USER_LINKS_STREAM = 'user-links';

/** The roles a link may give: the organisation kinds (an ADMIN is never a member of an organisation). */
export type MemberRole = OrganisationKind;

/** A user as the identity provider names it: its subject, or its e-mail claim. */
export interface LinkedIdentity {
  readonly issuer: string;
  readonly subject?: string;
  readonly email?: string;
}

export type MemberLinked = DomainEvent<'MemberLinked', LinkedIdentity & {
  memberId: string;
  organisationId: string;
  role: MemberRole;
  linkedOn: string;
}>;
export type MemberUnlinked = DomainEvent<'MemberUnlinked', { memberId: string; organisationId: string; unlinkedOn: string }>;
export type UserLinkEvent = MemberLinked | MemberUnlinked;

export type MemberLink = MemberLinked['data'];
/** The links in force, by member id. */
export type UserLinks = Readonly<Record<string, MemberLink>>;

export interface LinkMember extends LinkedIdentity {
  readonly memberId: string;
  readonly organisationId: string;
  readonly role: MemberRole;
}

export interface UnlinkMember {
  readonly memberId: string;
  readonly organisationId: string;
}

const emailKey = (email: string) => email.trim().toLowerCase();

/** The link of the user a token names: by subject first, then by e-mail. */
export function linkOf(links: UserLinks | undefined, identity: LinkedIdentity): MemberLink | undefined {
  const all = Object.values(links ?? {}).filter((l) => l.issuer === identity.issuer);
  return (identity.subject ? all.find((l) => l.subject === identity.subject) : undefined)
    ?? (identity.email ? all.find((l) => l.email !== undefined && emailKey(l.email) === emailKey(identity.email!)) : undefined);
}

export function linkMember(cmd: LinkMember, links: UserLinks | undefined, organisation: MaybeOrganisation, ctx: DecisionContext): MemberLinked[] {
  if (!organisation) throw notFound('ORGANISATION_NOT_FOUND', `organisation ${cmd.organisationId} does not exist`, 'organisationId');
  if (!cmd.subject === !cmd.email) throw ruleBroken('MEMBER_NEEDS_SUBJECT_OR_EMAIL', 'a member is named by its subject or by its e-mail claim, exactly one of the two', 'subject');
  if (cmd.role !== organisation.kind) {
    throw ruleBroken('MEMBER_ROLE_NOT_OF_ORGANISATION_KIND', `organisation ${cmd.organisationId} is a ${organisation.kind}: its members have the role ${organisation.kind}, not ${cmd.role}`, 'role');
  }
  if (links?.[cmd.memberId]) throw conflict('MEMBER_ALREADY_LINKED', `member ${cmd.memberId} is already linked`, 'memberId');
  const existing = linkOf(links, cmd);
  if (existing && (!cmd.subject || existing.subject === cmd.subject) && (!cmd.email || (existing.email !== undefined && emailKey(existing.email) === emailKey(cmd.email)))) {
    throw conflict('USER_ALREADY_LINKED', `this user is already linked to organisation ${existing.organisationId} as member ${existing.memberId}: remove that link first`, cmd.subject ? 'subject' : 'email');
  }
  return [event('MemberLinked', {
    memberId: cmd.memberId, organisationId: cmd.organisationId, issuer: cmd.issuer,
    ...(cmd.subject ? { subject: cmd.subject } : {}), ...(cmd.email ? { email: cmd.email } : {}), role: cmd.role, linkedOn: ctx.today,
  })];
}

export function unlinkMember(cmd: UnlinkMember, links: UserLinks | undefined, ctx: DecisionContext): MemberUnlinked[] {
  // another organisation's member is not revealed
  if (links?.[cmd.memberId]?.organisationId !== cmd.organisationId) {
    throw notFound('MEMBER_NOT_FOUND', `organisation ${cmd.organisationId} has no member ${cmd.memberId}`, 'memberId');
  }
  return [event('MemberUnlinked', { memberId: cmd.memberId, organisationId: cmd.organisationId, unlinkedOn: ctx.today })];
}

export function evolveUserLinks(links: UserLinks | undefined, e: UserLinkEvent): UserLinks {
  switch (e.type) {
    case 'MemberLinked':
      return { ...links, [e.data.memberId]: e.data };
    case 'MemberUnlinked': {
      const { [e.data.memberId]: _removed, ...rest } = links ?? {};
      return rest;
    }
  }
}
