// class-transformer ships the runtime file and its typings in different folders; this joins them so the schema
// generator can read @Type() metadata (the element class of an array) in a typed way.
declare module 'class-transformer/cjs/storage' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage';
}
