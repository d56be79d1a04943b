export {
  createFastTrainer,
  type FastPathSupport,
  type FastStepResult,
  type FastTrainer,
  type FastTrainerOptions,
  supportsFastPath,
} from './fast-trainer.js';
