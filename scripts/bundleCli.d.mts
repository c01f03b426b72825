export declare const CLI_BUNDLE_DIR: string;
export declare const CLI_BUNDLE: string;
export declare const CLI_BUNDLE_INPUTS: string;
export declare function isCliBundleFresh(): boolean;
export declare function bundleCli(): Promise<void>;
