import { describe, expect, it } from 'vitest';
import { formatNs, formatRatio } from './format';
import { sampleResult } from './fixtures.test-support';
import { markdownTable, renderMarkdown } from './render-markdown';
import { escapeXml, logDomain, renderSvg } from './render-svg';
import { renderText } from './render-text';
import { failures, type BenchReport } from './report';

const report: BenchReport = {
  meta: {
    date: '2025-01-01T00:00:00.000Z',
    node: 'v20.0.0',
    platform: 'linux x64',
    cpu: 'Test CPU',
    cores: 2,
    rounds: 5,
    mode: 'full',
    code: 'src',
  },
  scenarios: [sampleResult()],
};

describe('format', () => {
  it('picks a unit and keeps 3 significant digits', () => {
    expect(formatNs(4.214)).toBe('4.21 ns');
    expect(formatNs(1_350)).toBe('1.35 µs');
    expect(formatNs(2_500_000)).toBe('2.5 ms');
    expect(formatRatio(0.0043217)).toBe('0.00432×');
    expect(formatRatio(128.4)).toBe('128×');
  });
});

describe('markdown', () => {
  const table = markdownTable(report);
  const rows = table.split('\n');

  it('has a header, a separator and one row per comparison', () => {
    expect(rows).toHaveLength(2 + 3);
    expect(rows[0]).toBe('| scenario | ours | baseline | ratio (median) | min | max | goal | pass |');
  });

  it('shows ratio median, min, max, goal and outcome', () => {
    expect(rows[2]).toBe('| demo scenario | registry.get: 13 ns | Map.get: 10 ns | **1.2×** | 1.1× | 3× | ≤ 1.5× (#2) | ✅ pass |');
    expect(rows[3]).toContain('Python: 2 ns (reference)');
    expect(rows[3]).toContain('❌ fail');
    expect(rows[4]).toMatch(/\| — \| — \|$/);
  });

  it('escapes pipes in labels so the table keeps its columns', () => {
    const piped = structuredClone(report);
    const first = piped.scenarios[0];
    if (first?.comparisons[0] !== undefined) first.comparisons[0].ours.label = 'a|b';
    expect(markdownTable(piped)).toContain('a\\|b');
  });

  it('counts the goals met in the page', () => {
    const page = renderMarkdown(report);
    expect(page).toContain('Goals met: 1 of 2.');
    expect(page).toContain('- Missed: get vs <fast> & "ref": 6.5× against ≤ 1× (6.5× the goal).');
    expect(page).not.toContain('- Missed: get vs Map.get');
  });
});

describe('svg', () => {
  const svg = renderSvg(report);

  it('is one svg element with a bar, a min-max line and a label per comparison', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect [^>]*opacity="0.85"/g)).toHaveLength(3);
    expect(svg).toContain('get vs Map.get');
  });

  it('colours by outcome and marks the goals', () => {
    expect(svg).toContain('fill="#2e7d32" opacity');
    expect(svg).toContain('fill="#c62828" opacity');
    expect(svg).toContain('fill="#78909c" opacity');
    expect(svg).toContain('(goal ≤ 1.5×)');
  });

  it('escapes markup in labels', () => {
    expect(svg).toContain('get vs &lt;fast&gt; &amp; &quot;ref&quot;');
    expect(svg).not.toContain('<fast>');
    expect(escapeXml('a<b>&"')).toBe('a&lt;b&gt;&amp;&quot;');
  });

  it('spans whole powers of ten around every value and 1×', () => {
    expect(logDomain([0.003, 2])).toEqual([-3, 1]);
    expect(logDomain([1])).toEqual([0, 1]);
    expect(logDomain([150])).toEqual([0, 3]);
  });
});

describe('text table and failures', () => {
  it('lines the columns up and lists the failing comparison', () => {
    const lines = renderText(report).split('\n');
    expect(lines).toHaveLength(2 + 3);
    expect(new Set(lines.slice(0, 2).map((l) => l.length)).size).toBe(1);
    expect(failures(report).map((c) => c.id)).toEqual(['slow']);
  });
});
