// Training's public surface: the article's four phases, their exercises, grading and status.
export { type CreateExerciseOptions, createTrainingExercise } from './create-exercise.js';
export { formatTrainingGrade, formatTrainingStatus } from './format-training.js';
export { gradeTrainingExercise, practicePassMark, type TrainingGrade } from './grade-exercise.js';
export { guidedTour, tourLayout } from './guided-tour.js';
export { type TourStepResult, tourSteps } from './tour-check.js';
export {
  buildTrainingExercise,
  exerciseAnswers,
  practiceSize,
  type TrainingExercise,
} from './training-exercise.js';
export {
  type PhaseNumber,
  parsePhase,
  phaseNumbers,
  phaseTitles,
  trainingFinished,
} from './training-phases.js';
export {
  advanceTraining,
  type ProgressContext,
  recordExerciseGrade,
  requireTeamMember,
  startTraining,
} from './training-progress.js';
export {
  buildTrainingStatus,
  type CriterionStatus,
  type PersonTrainingStatus,
  type TrainingStatus,
} from './training-status.js';
export { writeExercise } from './write-exercise.js';
