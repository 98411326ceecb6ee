"""Two loops of ``mes_jit`` written with 8-wide vectors (numba intrinsics).

LLVM does not vectorise them by itself: it may not reorder floating-point
additions (and must not, here), and it does not turn a branchless
left-packing loop into a compress instruction. Both are spelled out in LLVM
IR on ``<8 x double>`` vectors, whose lanes are independent IEEE operations,
so the results are the doubles the scalar loops give:

- :func:`lane_sums`: numpy's 8 running sums of a pairwise-summation block
  (lane j adds values j, j + 8, j + 16, … in order) and their combination
  ((0+1)+(2+3))+((4+5)+(6+7)); one vector addition per 8 values.
- :func:`compress8`: the values of 8 consecutive ones that are below t,
  written one after another in order (``llvm.masked.compressstore``: one
  AVX-512 instruction), and how many. On a processor without AVX-512 LLVM
  expands it into a branch per value, slower than the plain loop, so
  ``mes_jit`` uses it only where :data:`HAS_COMPRESS`.

The tests compare both with the scalar loops and numpy.
"""

from __future__ import annotations

from llvmlite import binding, ir
from numba import types
from numba.core import cgutils, config
from numba.extending import intrinsic

_DOUBLE = ir.DoubleType()
_V8 = ir.VectorType(_DOUBLE, 8)
_I64 = ir.IntType(64)


def _has_compress() -> bool:
    """Whether the code numba generates here may use AVX-512 (the features
    numba compiles for: NUMBA_CPU_FEATURES, else the host's)."""
    features = config.CPU_FEATURES or binding.get_host_cpu_features().flatten()
    return "+avx512f" in features.split(",")


HAS_COMPRESS = _has_compress()


def _eight(builder, data, index):
    """Pointer to the 8 doubles from data[index] on, as one vector."""
    return builder.bitcast(builder.gep(data, [index]), _V8.as_pointer())


@intrinsic
def lane_sums(typingctx, a, lo, blocks):
    """((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)), where r_j is
    ``a[lo + j] + a[lo + 8 + j] + …`` over ``blocks`` (at least 1) blocks of
    8 values, added in that order."""
    sig = types.float64(a, lo, blocks)

    def codegen(context, builder, signature, args):
        array, start, count = args
        data = context.make_array(signature.args[0])(context, builder, array).data
        acc = cgutils.alloca_once(builder, _V8)
        builder.store(builder.load(_eight(builder, data, start), align=8), acc)
        with cgutils.for_range(builder, builder.sub(count, ir.Constant(_I64, 1))) as loop:
            block = builder.add(loop.index, ir.Constant(_I64, 1))
            at = builder.add(start, builder.mul(block, ir.Constant(_I64, 8)))
            values = builder.load(_eight(builder, data, at), align=8)
            builder.store(builder.fadd(builder.load(acc), values), acc)
        sums = builder.load(acc)
        r = [builder.extract_element(sums, ir.Constant(ir.IntType(32), j)) for j in range(8)]
        low = builder.fadd(builder.fadd(r[0], r[1]), builder.fadd(r[2], r[3]))
        high = builder.fadd(builder.fadd(r[4], r[5]), builder.fadd(r[6], r[7]))
        return builder.fadd(low, high)

    return sig, codegen


@intrinsic
def compress8(typingctx, b, i, c, j, t):
    """Writes the values of ``b[i:i + 8]`` below ``t`` to ``c[j:]``, in
    order, and returns how many (only those are written)."""
    sig = types.int64(b, i, c, j, t)

    def codegen(context, builder, signature, args):
        src, at, dst, to, limit = args
        src_data = context.make_array(signature.args[0])(context, builder, src).data
        dst_data = context.make_array(signature.args[2])(context, builder, dst).data
        values = builder.load(_eight(builder, src_data, at), align=8)
        bound = ir.Constant(_V8, ir.Undefined)
        for lane in range(8):
            bound = builder.insert_element(bound, limit, ir.Constant(ir.IntType(32), lane))
        below = builder.fcmp_ordered("<", values, bound)
        store_type = ir.FunctionType(
            ir.VoidType(), [_V8, _DOUBLE.as_pointer(), ir.VectorType(ir.IntType(1), 8)]
        )
        store = cgutils.get_or_insert_function(
            builder.module, store_type, "llvm.masked.compressstore.v8f64"
        )
        builder.call(store, [values, builder.gep(dst_data, [to]), below])
        count_type = ir.FunctionType(ir.IntType(8), [ir.IntType(8)])
        count = cgutils.get_or_insert_function(builder.module, count_type, "llvm.ctpop.i8")
        bits = builder.call(count, [builder.bitcast(below, ir.IntType(8))])
        return builder.zext(bits, _I64)

    return sig, codegen
