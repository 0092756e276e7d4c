/**
 * The metadata keys Nest's enhancer and parameter decorators write (`@UseGuards`, `@UseFilters`, `@Catch`,
 * param decorators): the only thing of Nest's internal entry points this library reads, because no public export
 * names them. `peerDependencies` pins `@nestjs/common` to the minor range the suite runs against, and
 * test/layout/nest-internals.test.ts fails, naming the key, when a decorator writes elsewhere.
 */
export {
  CUSTOM_ROUTE_ARGS_METADATA,
  EXCEPTION_FILTERS_METADATA,
  FILTER_CATCH_EXCEPTIONS,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/internal';
