export declare function rendererBuilt(): boolean;
export declare function buildRenderer(): number;
