export declare function fibonacci(inputs: Record<string, unknown>): { n: number; value: number };
