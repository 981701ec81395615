import { TASK_CATEGORY_CODES, TaskCategoryCode } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { CATEGORY_WEIGHTS, URGENT_SHARE, drawCategories, drawPriority, drawTaskCount } from './category-mix';
import { TASK_DESCRIPTIONS } from './task-descriptions';

describe('category mix', () => {
  it('gives every category a weight and a description, and no unknown code', () => {
    expect(Object.keys(CATEGORY_WEIGHTS).sort()).toEqual([...TASK_CATEGORY_CODES].sort());
    for (const code of TASK_CATEGORY_CODES) {
      expect(CATEGORY_WEIGHTS[code]).toBeGreaterThan(0);
      expect(TASK_DESCRIPTIONS[code].length).toBeGreaterThan(0);
    }
  });

  it('draws result follow-up, check-ups and prescriptions often, transport and a missing summary rarely', () => {
    const random = new SeededRandom(3);
    const counts = Object.fromEntries(TASK_CATEGORY_CODES.map((code) => [code, 0])) as Record<TaskCategoryCode, number>;
    const draws = 100_000;
    for (let i = 0; i < draws; i++) counts[drawCategories(random, 1)[0]]++;
    const share = (code: TaskCategoryCode) => counts[code] / draws;
    expect(share('PROVESVAR')).toBeCloseTo(0.22, 1);
    expect(share('KONTROLL')).toBeCloseTo(0.18, 1);
    expect(share('RESEPT-NY')).toBeCloseTo(0.15, 1);
    for (const rare of ['PASREISE', 'INFO-MANGEL'] as const) {
      expect(share(rare)).toBeGreaterThan(0.01);
      expect(share(rare)).toBeLessThan(0.03);
    }
    for (const common of ['PROVESVAR', 'KONTROLL', 'RESEPT-NY'] as const) expect(share(common)).toBeGreaterThan(share('HENV-VIDERE'));
  });

  it('hands over 1 to 4 tasks, about 2 on average, mostly one', () => {
    const random = new SeededRandom(4);
    const counts = Array.from({ length: 20_000 }, () => drawTaskCount(random));
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(4);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(1.9);
    expect(mean).toBeLessThan(2.1);
    expect(counts.filter((n) => n === 1).length).toBeGreaterThan(counts.filter((n) => n === 4).length * 3);
  });

  it('never puts the same category twice in one hand-over', () => {
    const random = new SeededRandom(5);
    for (let i = 0; i < 2_000; i++) {
      const drawn = drawCategories(random, 1 + (i % 12));
      expect(new Set(drawn).size).toBe(drawn.length);
    }
    expect(() => drawCategories(random, 0)).toThrow(RangeError);
    expect(() => drawCategories(random, 13)).toThrow(RangeError);
  });

  it('marks a few percent urgent', () => {
    const random = new SeededRandom(6);
    const urgent = Array.from({ length: 50_000 }, () => drawPriority(random)).filter((p) => p === 'urgent').length / 50_000;
    expect(urgent).toBeCloseTo(URGENT_SHARE, 2);
    expect(urgent).toBeLessThan(0.1);
  });
});
