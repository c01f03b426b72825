// undici's request(), in a module of its own so gatewayRequest can import it on demand: a
// megabyte of JavaScript the CLI then loads only on its first gateway call. (A bundled CommonJS
// package imported on demand directly would keep only a default export.)
export { request } from 'undici';
