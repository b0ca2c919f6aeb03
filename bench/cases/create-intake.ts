import type { CreateIntakeInput } from '../../core/contract/orders';
import { openDesk } from '../../core/runtime/desk';
import {
  categoryWeights,
  demoComplaint,
  demoImei,
  demoModel,
  demoSerial,
} from '../../core/seed/catalogue';
import { demoCustomer, type SeedLanguage } from '../../core/seed/people';
import { SeededRandom } from '../../core/seed/random';
import { seededDeskCopy } from '../fixtures';
import type { BenchCase } from '../types';

/** Intakes as the counter types them: mostly new customers, some returning with old or new devices. */
function intakeInputs(
  random: SeededRandom,
  count: number,
  returning: { customerId: string; deviceId: string }[],
): CreateIntakeInput[] {
  return Array.from({ length: count }, (): CreateIntakeInput => {
    const language = random.weighted<SeedLanguage>({ it: 6, ru: 2, en: 2 });
    const category = random.weighted(categoryWeights);
    const model = demoModel(random, category);
    const newDevice = {
      mode: 'new' as const,
      category,
      brand: model.brand,
      model: model.model,
      serial: demoSerial(random, model.brand),
      ...(model.tac ? { imei: demoImei(random, model.tac) } : {}),
    };
    const complaint = demoComplaint(random, category, language);
    const kind = random.weighted({ new: 60, returningNewDevice: 25, returningSameDevice: 15 });
    if (kind === 'new') {
      const { language: _l, surname: _s, ...person } = demoCustomer(random, language);
      return { customer: { mode: 'new', ...person }, device: newDevice, complaint };
    }
    const known = random.pick(returning);
    return {
      customer: { mode: 'existing', id: known.customerId },
      device: kind === 'returningSameDevice' ? { mode: 'existing', id: known.deviceId } : newDevice,
      complaint,
    };
  });
}

const createIntake: BenchCase = {
  name: 'create-intake',
  description: 'createIntake through desk.call, synchronous=FULL, 100 000 orders already stored',
  async run(ctx) {
    // As the Electron and browser-mode hosts open it: WAL checkpoints in a worker.
    const desk = openDesk({
      dataDir: seededDeskCopy(ctx),
      synchronous: 'FULL',
      backgroundCheckpoints: true,
    });
    try {
      const returning = desk.db.$client
        .prepare(
          `SELECT customer_id AS customerId, id AS deviceId FROM devices ORDER BY random() LIMIT 1000`,
        )
        .all() as { customerId: string; deviceId: string }[];
      const warmUp = 50;
      const calls = ctx.quick ? 300 : 2_000;
      const inputs = intakeInputs(new SeededRandom('bench-intake'), warmUp + calls, returning);
      const samples: number[] = [];
      const cpuSamples: number[] = [];
      for (const [i, input] of inputs.entries()) {
        const cpu = process.threadCpuUsage();
        const started = performance.now();
        const result = await desk.call('createIntake', input);
        const ms = performance.now() - started;
        const used = process.threadCpuUsage(cpu);
        if (!result.ok) throw new Error(`createIntake refused: ${JSON.stringify(result.error)}`);
        if (i < warmUp) continue;
        samples.push(ms);
        cpuSamples.push((used.user + used.system) / 1000);
      }
      return [
        {
          metric: 'createIntake latency (durable)',
          unit: 'ms',
          samples,
          cpuSamples,
          target: { stat: 'p95', op: '<=', bound: 5 },
          note: `${calls} calls after ${warmUp} warm-up; 60% new customers, 40% returning`,
        },
        {
          metric: 'createIntake CPU time',
          unit: 'ms',
          samples: cpuSamples,
          note: 'CPU used by the desk thread per call (excludes waiting for fsync, other processes and the checkpoint worker)',
        },
      ];
    } finally {
      desk.close();
    }
  },
};

export default createIntake;
