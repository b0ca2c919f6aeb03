export * from './sites';
export * from './customers';
export * from './orders';
export * from './stock';
export * from './accounting';
export * from './local';
