/** Every command id in one place; package.json declares the same ids. */
export const enum CommandId {
  OpenQuestion = 'interviewDrills.openQuestion',
  Start = 'interviewDrills.start',
  ResetStarter = 'interviewDrills.resetStarter',
  RandomQuestion = 'interviewDrills.randomQuestion',
  ChooseLanguage = 'interviewDrills.chooseLanguage',
  Refresh = 'interviewDrills.refresh',
  ExportProgress = 'interviewDrills.exportProgress',
  ImportProgress = 'interviewDrills.importProgress',
  ResetProgress = 'interviewDrills.resetProgress',
  RunChecks = 'interviewDrills.runChecks',
}

export const ALL_COMMANDS: readonly string[] = [
  CommandId.OpenQuestion,
  CommandId.Start,
  CommandId.ResetStarter,
  CommandId.RandomQuestion,
  CommandId.ChooseLanguage,
  CommandId.Refresh,
  CommandId.ExportProgress,
  CommandId.ImportProgress,
  CommandId.ResetProgress,
  CommandId.RunChecks,
];
