export declare function checksum(inputs: { rounds: number }): { rounds: number; checksum: string };
