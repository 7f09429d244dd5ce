export { DomainError, DomainErrorCode, type FieldProblem } from './errors/domain-error';
export { Topics, type TopicName } from './topics';
