#version 430 core

// One triangle that covers the viewport: (-1,-1), (3,-1), (-1,3), from gl_VertexID alone (no vertex buffer).
// Draw with glDrawArrays(GL_TRIANGLES, 0, 3) and any (empty) vertex array bound.
void main()
{
    vec2 corner = vec2((gl_VertexID << 1) & 2, gl_VertexID & 2);
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
