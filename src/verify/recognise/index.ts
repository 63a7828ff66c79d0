/** Recognises request objects, handlers, database handles and loggers: by declared type first, by name last. */
export {
  type DatabaseHandle,
  databaseHandleOf,
  databaseHandleOfKnowledge,
  databaseLanguageOfPackage,
  isDatabasePackage,
  isQueryBuilder,
} from './database-handles.js';
export {
  type DeclaredOrigin,
  expressionKnowledge,
  hasOrigin,
  packageOfFile,
  type TypeKnowledge,
  typeKnowledge,
} from './declared-origin.js';
export { lambdaEventOf, lambdaTypesPackage } from './lambda-handlers.js';
export { isLogger, isLoggerKnowledge } from './loggers.js';
export { type Implementation, implementationOf, receiverKnowledge } from './member-implementation.js';
export { conventionalNames, httpVerbExports, requestInputProperties, routeMethods } from './names.js';
export { type HandlerEvidence, requestHandlerOf } from './request-handlers.js';
export {
  isFrameworkConfiguration,
  type RequestFramework,
  requestFrameworkOf,
  requestFrameworkOfKnowledge,
} from './request-objects.js';
export { type ResponseKind, responseKindOf, responseKindOfKnowledge } from './response-objects.js';
