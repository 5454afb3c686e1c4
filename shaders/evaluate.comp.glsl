#version 430 core

// Evaluates a baked NeuralSdf network at a batch of points (SdfGpuEvaluator). The weights sit at the binding
// the bake names (0); points and results use bindings 1 and 2.

layout(local_size_x = 64) in;

#include <nsdf_network>

layout(std430, binding = 1) readonly buffer PointBuffer
{
    vec4 points[]; // xyz: world point, w unused
};

layout(std430, binding = 2) writeonly buffer ResultBuffer
{
    vec4 results[]; // per point: (gradient, distance from nsdf_distance_gradient), (distance from nsdf_distance, 0, 0, 0)
};

uniform uint u_count;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i >= u_count) return;
    vec3 p = points[i].xyz;
    vec3 g;
    float d = nsdf_distance_gradient(p, g);
    results[2u * i] = vec4(g, d);
    results[2u * i + 1u] = vec4(nsdf_distance(p), 0.0, 0.0, 0.0);
}
