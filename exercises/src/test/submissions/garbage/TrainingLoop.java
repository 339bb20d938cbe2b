This is not Java: TrainingLoop
