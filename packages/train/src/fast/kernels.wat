;; The fast trainer's kernels: a Dense layer's forward pass, its two gradients (and the weight gradient and Adam update
;; of a batch split between two threads), and Adam, in WebAssembly SIMD, working in place on the memory the module imports: the
;; TensorFlow.js WASM backend's (one thread), or the trainer's own shared memory, which a worker thread's instance
;; imports too (two threads).
;; `kernels-wasm.ts` holds this file compiled (`npm run build:kernels`); `kernels.ts` documents the calling side.
;;
;; Why not the backend's own matMul: about half of each Dense layer's input is zero here (Fashion-MNIST's blank
;; pixels, and every relu output that is not positive), and XNNPACK multiplies the zeros too, after re-packing an
;; operand on every call. These kernels walk "column lists" instead: for each input feature k, the samples b whose input x[b,k] is
;; positive, as (b, x[b,k]) pairs. The lists drive all three products of a layer, so each costs what the nonzero
;; inputs cost, and the same lists carry the relu mask into the input gradient.
;;
;; Shapes and layout (all float32, batch-major, byte offsets as i32 parameters):
;; - a layer's weights W are `columns` rows of `stride` floats: the Keras kernel [inputs, units] row by row, then
;;   the bias as row `inputs` (so columns = inputs + 1), each row padded with zeros to stride = units rounded up to a
;;   multiple of 4;
;; - the lists of a layer's input: list k at lists + k·maxBatch·8, pairs (i32 b, f32 x), its length at counts + 4k;
;;   list `inputs` is the bias input, (b, 1) for every sample;
;; - outputs and their gradients are [n, stride].
;; Sums run in a different order than tfjs' (which differs between its own kernels too): results agree to float
;; rounding, not bit for bit.
(module
  (import "env" "memory" (memory 0))

  ;; x[i] = bytes[i] / 255 for i < count (a multiple of 16; the caller pads both buffers).
  (func (export "normalize") (param $bytes i32) (param $count i32) (param $x i32)
    (local $end i32) (local $v v128) (local $scale v128)
    (local.set $scale (f32x4.splat (f32.const 255)))
    (local.set $end (i32.add (local.get $bytes) (local.get $count)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $bytes) (local.get $end)))
      (local.set $v (v128.load (local.get $bytes)))
      (v128.store offset=0 (local.get $x) (f32x4.div (f32x4.convert_i32x4_u
        (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (local.get $v)))) (local.get $scale)))
      (v128.store offset=16 (local.get $x) (f32x4.div (f32x4.convert_i32x4_u
        (i32x4.extend_high_i16x8_u (i16x8.extend_low_i8x16_u (local.get $v)))) (local.get $scale)))
      (v128.store offset=32 (local.get $x) (f32x4.div (f32x4.convert_i32x4_u
        (i32x4.extend_low_i16x8_u (i16x8.extend_high_i8x16_u (local.get $v)))) (local.get $scale)))
      (v128.store offset=48 (local.get $x) (f32x4.div (f32x4.convert_i32x4_u
        (i32x4.extend_high_i16x8_u (i16x8.extend_high_i8x16_u (local.get $v)))) (local.get $scale)))
      (local.set $bytes (i32.add (local.get $bytes) (i32.const 16)))
      (local.set $x (i32.add (local.get $x) (i32.const 64)))
      (br $next))))

  ;; The column lists of x [n, inputs] with rows `stride` floats apart: its positive entries, plus the bias input.
  ;; Reads up to 3 floats past each row's `inputs`, which must be readable (they are ignored).
  (func (export "columns") (param $x i32) (param $stride i32) (param $n i32) (param $inputs i32)
      (param $maxBatch i32) (param $lists i32) (param $counts i32)
    (local $b i32) (local $k i32) (local $row i32) (local $positive i32) (local $j i32) (local $count i32)
    (local $pair i32)
    (memory.fill (local.get $counts) (i32.const 0) (i32.shl (local.get $inputs) (i32.const 2)))
    (block $samplesDone (loop $nextSample
      (br_if $samplesDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $b) (local.get $stride)) (i32.const 2))))
      (local.set $k (i32.const 0))
      (block $rowDone (loop $nextFour
        (br_if $rowDone (i32.ge_u (local.get $k) (local.get $inputs)))
        ;; One bit per lane of x[b, k..k+3] > 0, without the lanes past the row.
        (local.set $positive (i32x4.bitmask (f32x4.gt
          (v128.load (i32.add (local.get $row) (i32.shl (local.get $k) (i32.const 2))))
          (v128.const f32x4 0 0 0 0))))
        (if (i32.lt_u (i32.sub (local.get $inputs) (local.get $k)) (i32.const 4)) (then
          (local.set $positive (i32.and (local.get $positive)
            (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $inputs) (local.get $k))) (i32.const 1))))))
        ;; Append (b, x[b, j]) to list j for each set bit, lowest first.
        (block $lanesDone (loop $nextLane
          (br_if $lanesDone (i32.eqz (local.get $positive)))
          (local.set $j (i32.add (local.get $k) (i32.ctz (local.get $positive))))
          (local.set $count (i32.add (local.get $counts) (i32.shl (local.get $j) (i32.const 2))))
          (local.set $pair (i32.add (local.get $lists) (i32.shl
            (i32.add (i32.mul (local.get $j) (local.get $maxBatch)) (i32.load (local.get $count))) (i32.const 3))))
          (i32.store (local.get $pair) (local.get $b))
          (f32.store offset=4 (local.get $pair) (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
          (i32.store (local.get $count) (i32.add (i32.load (local.get $count)) (i32.const 1)))
          (local.set $positive (i32.and (local.get $positive) (i32.sub (local.get $positive) (i32.const 1))))
          (br $nextLane)))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $nextFour)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $nextSample)))
    ;; The bias input: (b, 1) for every sample.
    (local.set $pair (i32.add (local.get $lists) (i32.shl (i32.mul (local.get $inputs) (local.get $maxBatch)) (i32.const 3))))
    (local.set $b (i32.const 0))
    (block $biasDone (loop $nextBias
      (br_if $biasDone (i32.ge_u (local.get $b) (local.get $n)))
      (i32.store (local.get $pair) (local.get $b))
      (f32.store offset=4 (local.get $pair) (f32.const 1))
      (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $nextBias)))
    (i32.store (i32.add (local.get $counts) (i32.shl (local.get $inputs) (i32.const 2))) (local.get $n)))

  ;; z [n, stride] = x · W (bias included), from the lists of x. Row by row of W: each row, 32 floats at a time, is
  ;; held in registers while it is added, scaled, into the output rows of its list's samples.
  (func (export "forward") (param $lists i32) (param $counts i32) (param $columns i32) (param $maxBatch i32)
      (param $w i32) (param $stride i32) (param $z i32) (param $n i32)
    (local $rowBytes i32) (local $k i32) (local $t i32) (local $first i32) (local $end i32) (local $pair i32)
    (local $out i32) (local $x v128)
    (local $w0 v128) (local $w1 v128) (local $w2 v128) (local $w3 v128)
    (local $w4 v128) (local $w5 v128) (local $w6 v128) (local $w7 v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (memory.fill (local.get $z) (i32.const 0) (i32.mul (local.get $n) (local.get $rowBytes)))
    (block $columnsDone (loop $nextColumn
      (br_if $columnsDone (i32.ge_u (local.get $k) (local.get $columns)))
      (local.set $first (i32.add (local.get $lists) (i32.shl (i32.mul (local.get $k) (local.get $maxBatch)) (i32.const 3))))
      (local.set $end (i32.add (local.get $first)
        (i32.shl (i32.load (i32.add (local.get $counts) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3))))
      (local.set $t (i32.const 0))
      ;; $t: byte offset in the row; $w advances with it, so after the row it points at the next.
      (block $tilesDone (loop $nextTile
        (br_if $tilesDone (i32.gt_u (i32.add (local.get $t) (i32.const 128)) (local.get $rowBytes)))
        (local.set $w0 (v128.load offset=0 (local.get $w)))
        (local.set $w1 (v128.load offset=16 (local.get $w)))
        (local.set $w2 (v128.load offset=32 (local.get $w)))
        (local.set $w3 (v128.load offset=48 (local.get $w)))
        (local.set $w4 (v128.load offset=64 (local.get $w)))
        (local.set $w5 (v128.load offset=80 (local.get $w)))
        (local.set $w6 (v128.load offset=96 (local.get $w)))
        (local.set $w7 (v128.load offset=112 (local.get $w)))
        (local.set $pair (local.get $first))
        (block $pairsDone (loop $nextPair
          (br_if $pairsDone (i32.ge_u (local.get $pair) (local.get $end)))
          (local.set $out (i32.add (i32.add (local.get $z) (local.get $t))
            (i32.mul (i32.load (local.get $pair)) (local.get $rowBytes))))
          (local.set $x (v128.load32_splat offset=4 (local.get $pair)))
          (v128.store offset=0 (local.get $out)
            (f32x4.add (v128.load offset=0 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w0))))
          (v128.store offset=16 (local.get $out)
            (f32x4.add (v128.load offset=16 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w1))))
          (v128.store offset=32 (local.get $out)
            (f32x4.add (v128.load offset=32 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w2))))
          (v128.store offset=48 (local.get $out)
            (f32x4.add (v128.load offset=48 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w3))))
          (v128.store offset=64 (local.get $out)
            (f32x4.add (v128.load offset=64 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w4))))
          (v128.store offset=80 (local.get $out)
            (f32x4.add (v128.load offset=80 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w5))))
          (v128.store offset=96 (local.get $out)
            (f32x4.add (v128.load offset=96 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w6))))
          (v128.store offset=112 (local.get $out)
            (f32x4.add (v128.load offset=112 (local.get $out)) (f32x4.mul (local.get $x) (local.get $w7))))
          (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
          (br $nextPair)))
        (local.set $w (i32.add (local.get $w) (i32.const 128)))
        (local.set $t (i32.add (local.get $t) (i32.const 128)))
        (br $nextTile)))
      ;; The rest of the row (stride mod 32 floats), 4 at a time.
      (block $vectorsDone (loop $nextVector
        (br_if $vectorsDone (i32.ge_u (local.get $t) (local.get $rowBytes)))
        (local.set $w0 (v128.load (local.get $w)))
        (local.set $pair (local.get $first))
        (block $pairsDone (loop $nextPair
          (br_if $pairsDone (i32.ge_u (local.get $pair) (local.get $end)))
          (local.set $out (i32.add (i32.add (local.get $z) (local.get $t))
            (i32.mul (i32.load (local.get $pair)) (local.get $rowBytes))))
          (v128.store (local.get $out) (f32x4.add (v128.load (local.get $out))
            (f32x4.mul (v128.load32_splat offset=4 (local.get $pair)) (local.get $w0))))
          (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
          (br $nextPair)))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (br $nextVector)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $nextColumn))))

  ;; dW [columns, stride] = xᵀ · dz (the bias gradient included), from the lists of x. For each row of dW, 32 floats
  ;; at a time are summed in registers over its list's samples, then stored once.
  (func (export "weightGrad") (param $lists i32) (param $counts i32) (param $columns i32) (param $maxBatch i32)
      (param $dz i32) (param $stride i32) (param $dw i32)
    (local $rowBytes i32) (local $k i32) (local $t i32) (local $first i32) (local $end i32) (local $pair i32)
    (local $in i32) (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (block $columnsDone (loop $nextColumn
      (br_if $columnsDone (i32.ge_u (local.get $k) (local.get $columns)))
      (local.set $first (i32.add (local.get $lists) (i32.shl (i32.mul (local.get $k) (local.get $maxBatch)) (i32.const 3))))
      (local.set $end (i32.add (local.get $first)
        (i32.shl (i32.load (i32.add (local.get $counts) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3))))
      (local.set $t (i32.const 0))
      (block $tilesDone (loop $nextTile
        (br_if $tilesDone (i32.gt_u (i32.add (local.get $t) (i32.const 128)) (local.get $rowBytes)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $a4 (v128.const f32x4 0 0 0 0))
        (local.set $a5 (v128.const f32x4 0 0 0 0))
        (local.set $a6 (v128.const f32x4 0 0 0 0))
        (local.set $a7 (v128.const f32x4 0 0 0 0))
        (local.set $pair (local.get $first))
        (block $pairsDone (loop $nextPair
          (br_if $pairsDone (i32.ge_u (local.get $pair) (local.get $end)))
          (local.set $in (i32.add (i32.add (local.get $dz) (local.get $t))
            (i32.mul (i32.load (local.get $pair)) (local.get $rowBytes))))
          (local.set $x (v128.load32_splat offset=4 (local.get $pair)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (v128.load offset=0 (local.get $in)))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $in)))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (v128.load offset=32 (local.get $in)))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (v128.load offset=48 (local.get $in)))))
          (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $x) (v128.load offset=64 (local.get $in)))))
          (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $x) (v128.load offset=80 (local.get $in)))))
          (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $x) (v128.load offset=96 (local.get $in)))))
          (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $x) (v128.load offset=112 (local.get $in)))))
          (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
          (br $nextPair)))
        (v128.store offset=0 (local.get $dw) (local.get $a0))
        (v128.store offset=16 (local.get $dw) (local.get $a1))
        (v128.store offset=32 (local.get $dw) (local.get $a2))
        (v128.store offset=48 (local.get $dw) (local.get $a3))
        (v128.store offset=64 (local.get $dw) (local.get $a4))
        (v128.store offset=80 (local.get $dw) (local.get $a5))
        (v128.store offset=96 (local.get $dw) (local.get $a6))
        (v128.store offset=112 (local.get $dw) (local.get $a7))
        (local.set $dw (i32.add (local.get $dw) (i32.const 128)))
        (local.set $t (i32.add (local.get $t) (i32.const 128)))
        (br $nextTile)))
      (block $vectorsDone (loop $nextVector
        (br_if $vectorsDone (i32.ge_u (local.get $t) (local.get $rowBytes)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $pair (local.get $first))
        (block $pairsDone (loop $nextPair
          (br_if $pairsDone (i32.ge_u (local.get $pair) (local.get $end)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat offset=4 (local.get $pair))
            (v128.load (i32.add (i32.add (local.get $dz) (local.get $t))
              (i32.mul (i32.load (local.get $pair)) (local.get $rowBytes)))))))
          (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
          (br $nextPair)))
        (v128.store (local.get $dw) (local.get $a0))
        (local.set $dw (i32.add (local.get $dw) (i32.const 16)))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (br $nextVector)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $nextColumn))))

  ;; dzIn [n, strideIn] = dz · Wᵀ where the layer's input was positive, 0 elsewhere: the gradient through the
  ;; previous layer's relu. One dot product of rows per list entry; inputs excludes the bias row.
  (func (export "inputGrad") (param $lists i32) (param $counts i32) (param $inputs i32) (param $maxBatch i32)
      (param $dz i32) (param $stride i32) (param $w i32) (param $dzIn i32) (param $strideIn i32) (param $n i32)
    (local $rowBytes i32) (local $k i32) (local $t i32) (local $pair i32) (local $end i32) (local $b i32)
    (local $in i32) (local $weight i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (memory.fill (local.get $dzIn) (i32.const 0) (i32.shl (i32.mul (local.get $n) (local.get $strideIn)) (i32.const 2)))
    (block $columnsDone (loop $nextColumn
      (br_if $columnsDone (i32.ge_u (local.get $k) (local.get $inputs)))
      (local.set $pair (i32.add (local.get $lists) (i32.shl (i32.mul (local.get $k) (local.get $maxBatch)) (i32.const 3))))
      (local.set $end (i32.add (local.get $pair)
        (i32.shl (i32.load (i32.add (local.get $counts) (i32.shl (local.get $k) (i32.const 2)))) (i32.const 3))))
      (block $pairsDone (loop $nextPair
        (br_if $pairsDone (i32.ge_u (local.get $pair) (local.get $end)))
        (local.set $b (i32.load (local.get $pair)))
        (local.set $in (i32.add (local.get $dz) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $weight (local.get $w))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $t (i32.const 0))
        (block $tilesDone (loop $nextTile
          (br_if $tilesDone (i32.gt_u (i32.add (local.get $t) (i32.const 64)) (local.get $rowBytes)))
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (v128.load offset=0 (local.get $in)) (v128.load offset=0 (local.get $weight)))))
          (local.set $a1 (f32x4.add (local.get $a1)
            (f32x4.mul (v128.load offset=16 (local.get $in)) (v128.load offset=16 (local.get $weight)))))
          (local.set $a2 (f32x4.add (local.get $a2)
            (f32x4.mul (v128.load offset=32 (local.get $in)) (v128.load offset=32 (local.get $weight)))))
          (local.set $a3 (f32x4.add (local.get $a3)
            (f32x4.mul (v128.load offset=48 (local.get $in)) (v128.load offset=48 (local.get $weight)))))
          (local.set $in (i32.add (local.get $in) (i32.const 64)))
          (local.set $weight (i32.add (local.get $weight) (i32.const 64)))
          (local.set $t (i32.add (local.get $t) (i32.const 64)))
          (br $nextTile)))
        (block $vectorsDone (loop $nextVector
          (br_if $vectorsDone (i32.ge_u (local.get $t) (local.get $rowBytes)))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $in)) (v128.load (local.get $weight)))))
          (local.set $in (i32.add (local.get $in) (i32.const 16)))
          (local.set $weight (i32.add (local.get $weight) (i32.const 16)))
          (local.set $t (i32.add (local.get $t) (i32.const 16)))
          (br $nextVector)))
        (local.set $a0 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3))))
        (f32.store (i32.add (local.get $dzIn)
            (i32.shl (i32.add (i32.mul (local.get $b) (local.get $strideIn)) (local.get $k)) (i32.const 2)))
          (f32.add (f32.add (f32x4.extract_lane 0 (local.get $a0)) (f32x4.extract_lane 1 (local.get $a0)))
                   (f32.add (f32x4.extract_lane 2 (local.get $a0)) (f32x4.extract_lane 3 (local.get $a0)))))
        (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
        (br $nextPair)))
      (local.set $w (i32.add (local.get $w) (local.get $rowBytes)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $nextColumn))))

  ;; The two-thread trainer's weight gradient: dW [columns, stride] = xᵀ · dz over a batch split in two halves, each
  ;; half with its own lists (sample indices from 0 in each) and its own dz. This is the step's reduction over the
  ;; samples, in one fixed order: for each row of dW, the first half's samples and then the second's, summed into the
  ;; same registers, which is exactly the order in which `weightGrad` sums the whole batch's list (its samples in
  ;; order). So the result is bit for bit the one-thread gradient, whichever thread computes which rows: the threads
  ;; split dW by rows (the caller offsets lists, counts and dw to its first row), and no partial gradients are written
  ;; and summed afterwards (which would cost two more passes over dW and round differently).
  ;; Each row of dW, once stored, gets its Adam update at once, as `adam` computes it (the same operations, so bit for
  ;; bit the same), with p, m and v at the byte distances $pDelta, $mDelta and $vDelta from dW: the row is still in
  ;; the L1 cache, which saves reading the whole gradient back from memory. Both threads stream weights, moments and
  ;; gradients at once in this phase, so memory traffic, not arithmetic, bounds it.
  (func (export "weightGradAdamHalves") (param $lists0 i32) (param $counts0 i32) (param $dz0 i32)
      (param $lists1 i32) (param $counts1 i32) (param $dz1 i32)
      (param $columns i32) (param $maxBatch i32) (param $stride i32) (param $dw i32)
      (param $pDelta i32) (param $mDelta i32) (param $vDelta i32)
      (param $beta1 f32) (param $beta2 f32) (param $epsilon f32) (param $stepSize f32)
    (local $rowBytes i32) (local $k i32) (local $t i32) (local $half i32) (local $listOffset i32)
    (local $pair i32) (local $end i32) (local $dz i32) (local $in i32) (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $g i32) (local $beta1x4 v128) (local $beta2x4 v128) (local $epsilonx4 v128) (local $stepSizex4 v128)
    (local $normal v128)
    (local.set $beta1x4 (f32x4.splat (local.get $beta1)))
    (local.set $beta2x4 (f32x4.splat (local.get $beta2)))
    (local.set $epsilonx4 (f32x4.splat (local.get $epsilon)))
    (local.set $stepSizex4 (f32x4.splat (local.get $stepSize)))
    (local.set $normal (f32x4.splat (f32.const 0x1p-126)))
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (block $columnsDone (loop $nextColumn
      (br_if $columnsDone (i32.ge_u (local.get $k) (local.get $columns)))
      (local.set $listOffset (i32.shl (i32.mul (local.get $k) (local.get $maxBatch)) (i32.const 3)))
      (local.set $t (i32.const 0))
      ;; 32 floats of the row at a time, then 4 at a time (the 8 accumulators hold 32; the tail uses $a0).
      (block $rowDone (loop $nextTile
        (br_if $rowDone (i32.ge_u (local.get $t) (local.get $rowBytes)))
        (local.set $a0 (v128.const f32x4 0 0 0 0))
        (local.set $a1 (v128.const f32x4 0 0 0 0))
        (local.set $a2 (v128.const f32x4 0 0 0 0))
        (local.set $a3 (v128.const f32x4 0 0 0 0))
        (local.set $a4 (v128.const f32x4 0 0 0 0))
        (local.set $a5 (v128.const f32x4 0 0 0 0))
        (local.set $a6 (v128.const f32x4 0 0 0 0))
        (local.set $a7 (v128.const f32x4 0 0 0 0))
        ;; The first half's list, then the second's.
        (local.set $half (i32.const 0))
        (loop $nextHalf
          (if (local.get $half)
            (then
              (local.set $pair (i32.add (local.get $lists1) (local.get $listOffset)))
              (local.set $end (i32.load (i32.add (local.get $counts1) (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $dz (local.get $dz1)))
            (else
              (local.set $pair (i32.add (local.get $lists0) (local.get $listOffset)))
              (local.set $end (i32.load (i32.add (local.get $counts0) (i32.shl (local.get $k) (i32.const 2)))))
              (local.set $dz (local.get $dz0))))
          (local.set $end (i32.add (local.get $pair) (i32.shl (local.get $end) (i32.const 3))))
          (local.set $dz (i32.add (local.get $dz) (local.get $t)))
          (if (i32.le_u (i32.add (local.get $t) (i32.const 128)) (local.get $rowBytes))
            (then
              (block $pairsDone (loop $nextPair
                (br_if $pairsDone (i32.ge_u (local.get $pair) (local.get $end)))
                (local.set $in (i32.add (local.get $dz) (i32.mul (i32.load (local.get $pair)) (local.get $rowBytes))))
                (local.set $x (v128.load32_splat offset=4 (local.get $pair)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (v128.load offset=0 (local.get $in)))))
                (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $in)))))
                (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (v128.load offset=32 (local.get $in)))))
                (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (v128.load offset=48 (local.get $in)))))
                (local.set $a4 (f32x4.add (local.get $a4) (f32x4.mul (local.get $x) (v128.load offset=64 (local.get $in)))))
                (local.set $a5 (f32x4.add (local.get $a5) (f32x4.mul (local.get $x) (v128.load offset=80 (local.get $in)))))
                (local.set $a6 (f32x4.add (local.get $a6) (f32x4.mul (local.get $x) (v128.load offset=96 (local.get $in)))))
                (local.set $a7 (f32x4.add (local.get $a7) (f32x4.mul (local.get $x) (v128.load offset=112 (local.get $in)))))
                (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
                (br $nextPair))))
            (else
              (block $pairsDone (loop $nextPair
                (br_if $pairsDone (i32.ge_u (local.get $pair) (local.get $end)))
                (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load32_splat offset=4 (local.get $pair))
                  (v128.load (i32.add (local.get $dz) (i32.mul (i32.load (local.get $pair)) (local.get $rowBytes)))))))
                (local.set $pair (i32.add (local.get $pair) (i32.const 8)))
                (br $nextPair)))))
          (br_if $nextHalf (local.tee $half (i32.xor (local.get $half) (i32.const 1)))))
        (if (i32.le_u (i32.add (local.get $t) (i32.const 128)) (local.get $rowBytes))
          (then
            (v128.store offset=0 (local.get $dw) (local.get $a0))
            (v128.store offset=16 (local.get $dw) (local.get $a1))
            (v128.store offset=32 (local.get $dw) (local.get $a2))
            (v128.store offset=48 (local.get $dw) (local.get $a3))
            (v128.store offset=64 (local.get $dw) (local.get $a4))
            (v128.store offset=80 (local.get $dw) (local.get $a5))
            (v128.store offset=96 (local.get $dw) (local.get $a6))
            (v128.store offset=112 (local.get $dw) (local.get $a7))
            (local.set $dw (i32.add (local.get $dw) (i32.const 128)))
            (local.set $t (i32.add (local.get $t) (i32.const 128))))
          (else
            (v128.store (local.get $dw) (local.get $a0))
            (local.set $dw (i32.add (local.get $dw) (i32.const 16)))
            (local.set $t (i32.add (local.get $t) (i32.const 16)))))
        (br $nextTile)))
      ;; Adam on the row just stored ($x: g, $a0: m, $a1: v), `adam`'s operations in `adam`'s order.
      (local.set $g (i32.sub (local.get $dw) (local.get $rowBytes)))
      (block $rowUpdated (loop $nextUpdate
        (br_if $rowUpdated (i32.ge_u (local.get $g) (local.get $dw)))
        (local.set $x (v128.load (local.get $g)))
        (local.set $in (i32.add (local.get $g) (local.get $mDelta)))
        (local.set $a0 (f32x4.add (f32x4.mul (v128.load (local.get $in)) (local.get $beta1x4)) (local.get $x)))
        (local.set $a0 (v128.andnot (local.get $a0) (f32x4.lt (f32x4.abs (local.get $a0)) (local.get $normal))))
        (v128.store (local.get $in) (local.get $a0))
        (local.set $in (i32.add (local.get $g) (local.get $vDelta)))
        (local.set $a1 (f32x4.add (f32x4.mul (v128.load (local.get $in)) (local.get $beta2x4))
          (f32x4.mul (local.get $x) (local.get $x))))
        (local.set $a1 (v128.andnot (local.get $a1) (f32x4.lt (local.get $a1) (local.get $normal))))
        (v128.store (local.get $in) (local.get $a1))
        (local.set $in (i32.add (local.get $g) (local.get $pDelta)))
        (v128.store (local.get $in) (f32x4.sub (v128.load (local.get $in))
          (f32x4.mul (f32x4.div (local.get $a0) (f32x4.add (f32x4.sqrt (local.get $a1)) (local.get $epsilonx4)))
            (local.get $stepSizex4))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (br $nextUpdate)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $nextColumn))))

  ;; One Adam step over `count` floats (a multiple of 4), with the moments kept pre-scaled and the constants folded
  ;; (see `adamConstants` in kernels.ts):  m = β1·m + g;  v = β2·v + g·g;  p = p − (m / (sqrt(v) + ε))·α.
  ;; A moment that falls below the smallest normal float32 is stored as 0 (NaN stays NaN): x86 CPUs take a slow microcode path for
  ;; subnormal operands, and the moments of rarely active weights decay through that range (0.9ᵗ reaches it within
  ;; ~800 steps), which made the whole update ~3× slower after the first epoch. The update such a moment would make
  ;; is under 1e-30·α, far below the float32 resolution of any weight that is not itself that close to 0.
  (func (export "adam") (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $count i32)
      (param $beta1 f32) (param $beta2 f32) (param $epsilon f32) (param $stepSize f32)
    (local $end i32) (local $beta1x4 v128) (local $beta2x4 v128) (local $epsilonx4 v128) (local $stepSizex4 v128)
    (local $normal v128) (local $gx4 v128) (local $mx4 v128) (local $vx4 v128)
    (local.set $beta1x4 (f32x4.splat (local.get $beta1)))
    (local.set $beta2x4 (f32x4.splat (local.get $beta2)))
    (local.set $epsilonx4 (f32x4.splat (local.get $epsilon)))
    (local.set $stepSizex4 (f32x4.splat (local.get $stepSize)))
    (local.set $normal (f32x4.splat (f32.const 0x1p-126)))
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $count) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
      (local.set $gx4 (v128.load (local.get $g)))
      (local.set $mx4 (f32x4.add (f32x4.mul (v128.load (local.get $m)) (local.get $beta1x4)) (local.get $gx4)))
      (local.set $mx4 (v128.andnot (local.get $mx4) (f32x4.lt (f32x4.abs (local.get $mx4)) (local.get $normal))))
      (v128.store (local.get $m) (local.get $mx4))
      (local.set $vx4 (f32x4.add (f32x4.mul (v128.load (local.get $v)) (local.get $beta2x4))
        (f32x4.mul (local.get $gx4) (local.get $gx4))))
      (local.set $vx4 (v128.andnot (local.get $vx4) (f32x4.lt (local.get $vx4) (local.get $normal))))
      (v128.store (local.get $v) (local.get $vx4))
      (v128.store (local.get $p) (f32x4.sub (v128.load (local.get $p))
        (f32x4.mul (f32x4.div (local.get $mx4) (f32x4.add (f32x4.sqrt (local.get $vx4)) (local.get $epsilonx4)))
          (local.get $stepSizex4))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (local.set $g (i32.add (local.get $g) (i32.const 16)))
      (local.set $m (i32.add (local.get $m) (i32.const 16)))
      (local.set $v (i32.add (local.get $v) (i32.const 16)))
      (br $next))))
)
