export {
  AUDIT_STREAMS,
  GENESIS_HASH,
  isAuditStream,
  type AuditEntry,
  type AuditJson,
  type AuditRecord,
  type AuditStream,
} from './audit-record';
export { auditChainSql } from './audit-chain.repository';
export { AUDIT_GROUP_COMMIT, AuditLog, type GroupCommitOptions } from './audit-log.service';
export { AuditModule } from './audit.module';
export { canonicalJson, recordHash, NonCanonicalValueError } from './canonical-hash';
export { verifyChain, type ChainBreak, type ChainBreakKind, type ChainReport } from './audit-verifier';
