package gradlab.mnist.opencl;

import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.UnaryOp;

/**
 * The int codes the kernels branch on: an Aparapi kernel reads only primitive fields and arrays, so the op is passed
 * as a number. The codes are spelled out here (not enum ordinals) so reordering an enum cannot change a kernel.
 */
final class OpCodes {
    private OpCodes() {
    }

    // unary
    static final int NEG = 0;
    static final int EXP = 1;
    static final int LOG = 2;
    static final int SQRT = 3;
    static final int ABS = 4;
    static final int SIGN = 5;
    static final int TANH = 6;
    static final int ERF = 7;
    static final int SIGMOID = 8;
    static final int RELU = 9;
    static final int LEAKY_RELU = 10;
    static final int CLAMP_MIN = 11;
    static final int CLAMP_MAX = 12;
    static final int POW_SCALAR = 13;
    static final int ADD_SCALAR = 14;
    static final int MUL_SCALAR = 15;

    // binary
    static final int ADD = 0;
    static final int SUB = 1;
    static final int MUL = 2;
    static final int DIV = 3;
    static final int POW = 4;
    static final int MAXIMUM = 5;
    static final int MINIMUM = 6;
    static final int EQ = 7;
    static final int GT = 8;
    static final int LT = 9;
    static final int GE = 10;
    static final int LE = 11;

    // reduce
    static final int SUM = 0;
    static final int MAX = 1;
    static final int MIN = 2;

    static int of(UnaryOp op) {
        return switch (op) {
            case NEG -> NEG;
            case EXP -> EXP;
            case LOG -> LOG;
            case SQRT -> SQRT;
            case ABS -> ABS;
            case SIGN -> SIGN;
            case TANH -> TANH;
            case ERF -> ERF;
            case SIGMOID -> SIGMOID;
            case RELU -> RELU;
            case LEAKY_RELU -> LEAKY_RELU;
            case CLAMP_MIN -> CLAMP_MIN;
            case CLAMP_MAX -> CLAMP_MAX;
            case POW_SCALAR -> POW_SCALAR;
            case ADD_SCALAR -> ADD_SCALAR;
            case MUL_SCALAR -> MUL_SCALAR;
        };
    }

    static int of(BinaryOp op) {
        return switch (op) {
            case ADD -> ADD;
            case SUB -> SUB;
            case MUL -> MUL;
            case DIV -> DIV;
            case POW -> POW;
            case MAXIMUM -> MAXIMUM;
            case MINIMUM -> MINIMUM;
            case EQ -> EQ;
            case GT -> GT;
            case LT -> LT;
            case GE -> GE;
            case LE -> LE;
        };
    }

    static int of(ReduceOp op) {
        return switch (op) {
            case SUM -> SUM;
            case MAX -> MAX;
            case MIN -> MIN;
        };
    }
}
