package gradlab.exercises.grader;

import java.util.List;

/**
 * One file of the workbook a student edits and submits, e.g. {@code gradlab/exercises/ex2/MatMul.java} of
 * exercise "ex2". The grader takes exactly these files from a submission (anything else in it is ignored) and
 * puts the stub in place of a missing or non-compiling one.
 *
 * @param path     the path under the source root, with forward slashes
 * @param exercise the exercise tag, "ex1" .. "ex5"
 */
public record ExerciseFile(String path, String exercise) {

    /** Every file of the workbook, in exercise order. {@code ExerciseCatalogueTest} checks it against the stubs. */
    public static final List<ExerciseFile> ALL = List.of(
            new ExerciseFile("gradlab/exercises/ex1/MultiplyGate.java", "ex1"),
            new ExerciseFile("gradlab/exercises/ex1/AddGate.java", "ex1"),
            new ExerciseFile("gradlab/exercises/ex1/MaxGate.java", "ex1"),
            new ExerciseFile("gradlab/exercises/ex1/SigmoidGate.java", "ex1"),
            new ExerciseFile("gradlab/exercises/ex1/Backprop.java", "ex1"),
            new ExerciseFile("gradlab/exercises/ex2/BroadcastMul.java", "ex2"),
            new ExerciseFile("gradlab/exercises/ex2/MatMul.java", "ex2"),
            new ExerciseFile("gradlab/exercises/ex2/Softplus.java", "ex2"),
            new ExerciseFile("gradlab/exercises/ex3/Linear.java", "ex3"),
            new ExerciseFile("gradlab/exercises/ex3/Dropout.java", "ex3"),
            new ExerciseFile("gradlab/exercises/ex3/CrossEntropyLoss.java", "ex3"),
            new ExerciseFile("gradlab/exercises/ex4/MomentumSGD.java", "ex4"),
            new ExerciseFile("gradlab/exercises/ex4/AdamOptimizer.java", "ex4"),
            new ExerciseFile("gradlab/exercises/ex5/TrainingLoop.java", "ex5"),
            new ExerciseFile("gradlab/exercises/ex5/ReluBackwardKernel.java", "ex5"));

    /** The exercise tags in order. */
    public static List<String> exercises() {
        return ALL.stream().map(ExerciseFile::exercise).distinct().toList();
    }

    /** The file name, e.g. {@code MatMul.java}. */
    public String fileName() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The class name, e.g. {@code gradlab.exercises.ex2.MatMul}. */
    public String className() {
        return path.substring(0, path.length() - ".java".length()).replace('/', '.');
    }
}
