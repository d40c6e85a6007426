// Generated from the schemas Airlock's modules declare with compileSchema (src/platform/schema.ts) by
// ajv 8.20.0's standalone code. Do not edit: node --test --test-update-snapshots test/platform/validators.test.ts
"use strict";
exports.v202592032ac7a9d96e190add3d6ffa9c = validate10;
const schema11 = {"type":"object","additionalProperties":false,"required":["name","command","environment"],"properties":{"$schema":{"type":"string"},"name":{"type":"string"},"version":{},"description":{"type":"string"},"tags":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"properties":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"type":{"const":"command"},"display_name":{"type":"string"},"is_deterministic":{"type":"boolean"},"inputs":{"type":"object","additionalProperties":{"type":"object","additionalProperties":false,"required":["type"],"properties":{"type":{"enum":["uri_folder","uri_file","mltable","mlflow_model","custom_model","triton_model","integer","number","string","boolean"]},"description":{"type":"string"},"optional":{"type":"boolean"},"default":{"type":["string","number","boolean"]},"min":{"type":"number"},"max":{"type":"number"},"enum":{"type":"array","items":{"type":["string","number"]}},"mode":{"enum":["ro_mount","rw_mount","download","direct","eval_mount","eval_download"]}}}},"outputs":{"type":"object","additionalProperties":{"type":"object","additionalProperties":false,"required":["type"],"properties":{"type":{"enum":["uri_folder","uri_file","mltable","mlflow_model","custom_model","triton_model","integer","number","string","boolean"]},"description":{"type":"string"},"mode":{"enum":["rw_mount","upload","direct"]}}}},"code":{"type":"string"},"additional_includes":{"type":"array","items":{"type":"string","minLength":1}},"environment":{"type":["string","object"],"additionalProperties":false,"properties":{"description":{"type":"string"},"tags":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"image":{"type":"string"},"conda_file":{"type":["string","object"]},"build":{"type":"object","additionalProperties":false,"required":["path"],"properties":{"path":{"type":"string"},"dockerfile_path":{"type":"string"}}},"os_type":{"enum":["linux","windows"]},"inference_config":{"type":"object","additionalProperties":false,"properties":{"liveness_route":{"type":"object","additionalProperties":false,"required":["path","port"],"properties":{"path":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535}}},"readiness_route":{"type":"object","additionalProperties":false,"required":["path","port"],"properties":{"path":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535}}},"scoring_route":{"type":"object","additionalProperties":false,"required":["path","port"],"properties":{"path":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535}}}}}}},"command":{"type":"string","minLength":1},"resources":{"type":"object","additionalProperties":false,"properties":{"instance_count":{"type":"integer","minimum":1},"instance_type":{"type":"string"},"shm_size":{"type":"string"},"docker_args":{"type":"string"},"properties":{"type":"object"}}},"distribution":{"type":"object","required":["type"],"properties":{"type":{"enum":["mpi","pytorch","tensorflow","ray"]}}}}};
const func2 = Object.prototype.hasOwnProperty;
const func3 = require("ajv/dist/runtime/ucs2length").default;

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.command === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "command"},message:"must have required property '"+"command"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.environment === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "environment"},message:"must have required property '"+"environment"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
const _errs2 = errors;
if(typeof data0 !== "string"){
const err4 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs3 = errors;
var valid0 = _errs2 === errors;
}
if(data.name !== undefined){
let data1 = data.name;
const _errs4 = errors;
if(typeof data1 !== "string"){
const err5 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs5 = errors;
var valid0 = _errs4 === errors;
}
if(data.description !== undefined){
let data2 = data.description;
const _errs6 = errors;
if(typeof data2 !== "string"){
const err6 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs7 = errors;
var valid0 = _errs6 === errors;
}
if(data.tags !== undefined){
let data3 = data.tags;
const _errs8 = errors;
const _errs9 = errors;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
const _errs10 = errors;
for(const key1 in data3){
let data4 = data3[key1];
const _errs11 = errors;
if(((typeof data4 !== "string") && (!((typeof data4 == "number") && (isFinite(data4))))) && (typeof data4 !== "boolean")){
const err7 = {instancePath:instancePath+"/tags/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tags/additionalProperties/type",keyword:"type",params:{type: schema11.properties.tags.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
const _errs12 = errors;
var valid1 = _errs11 === errors;
}
}
else {
const err8 = {instancePath:instancePath+"/tags",schemaPath:"#/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var valid0 = _errs8 === errors;
}
if(data.properties !== undefined){
let data5 = data.properties;
const _errs13 = errors;
const _errs14 = errors;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
const _errs15 = errors;
for(const key2 in data5){
let data6 = data5[key2];
const _errs16 = errors;
if(((typeof data6 !== "string") && (!((typeof data6 == "number") && (isFinite(data6))))) && (typeof data6 !== "boolean")){
const err9 = {instancePath:instancePath+"/properties/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/properties/additionalProperties/type",keyword:"type",params:{type: schema11.properties.properties.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const _errs17 = errors;
var valid2 = _errs16 === errors;
}
}
else {
const err10 = {instancePath:instancePath+"/properties",schemaPath:"#/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var valid0 = _errs13 === errors;
}
if(data.type !== undefined){
let data7 = data.type;
const _errs18 = errors;
if("command" !== data7){
const err11 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/const",keyword:"const",params:{allowedValue: "command"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var valid0 = _errs18 === errors;
}
if(data.display_name !== undefined){
let data8 = data.display_name;
const _errs19 = errors;
if(typeof data8 !== "string"){
const err12 = {instancePath:instancePath+"/display_name",schemaPath:"#/properties/display_name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
const _errs20 = errors;
var valid0 = _errs19 === errors;
}
if(data.is_deterministic !== undefined){
let data9 = data.is_deterministic;
const _errs21 = errors;
if(typeof data9 !== "boolean"){
const err13 = {instancePath:instancePath+"/is_deterministic",schemaPath:"#/properties/is_deterministic/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
const _errs22 = errors;
var valid0 = _errs21 === errors;
}
if(data.inputs !== undefined){
let data10 = data.inputs;
const _errs23 = errors;
const _errs24 = errors;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
const _errs25 = errors;
for(const key3 in data10){
let data11 = data10[key3];
const _errs26 = errors;
const _errs27 = errors;
if(data11 && typeof data11 == "object" && !Array.isArray(data11)){
if(data11.type === undefined){
const err14 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/inputs/additionalProperties/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
const _errs28 = errors;
for(const key4 in data11){
if(!((((((((key4 === "type") || (key4 === "description")) || (key4 === "optional")) || (key4 === "default")) || (key4 === "min")) || (key4 === "max")) || (key4 === "enum")) || (key4 === "mode"))){
const err15 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/inputs/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data11.type !== undefined){
let data12 = data11.type;
const _errs29 = errors;
const vSchema0 = schema11.properties.inputs.additionalProperties.properties.type.enum;
if(!((((((((((data12 === "uri_folder") || (data12 === "uri_file")) || (data12 === "mltable")) || (data12 === "mlflow_model")) || (data12 === "custom_model")) || (data12 === "triton_model")) || (data12 === "integer")) || (data12 === "number")) || (data12 === "string")) || (data12 === "boolean"))){
const err16 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/properties/inputs/additionalProperties/properties/type/enum",keyword:"enum",params:{allowedValues: schema11.properties.inputs.additionalProperties.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var valid4 = _errs29 === errors;
}
if(data11.description !== undefined){
let data13 = data11.description;
const _errs30 = errors;
if(typeof data13 !== "string"){
const err17 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/properties/inputs/additionalProperties/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
const _errs31 = errors;
var valid4 = _errs30 === errors;
}
if(data11.optional !== undefined){
let data14 = data11.optional;
const _errs32 = errors;
if(typeof data14 !== "boolean"){
const err18 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/optional",schemaPath:"#/properties/inputs/additionalProperties/properties/optional/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
const _errs33 = errors;
var valid4 = _errs32 === errors;
}
if(data11.default !== undefined){
let data15 = data11.default;
const _errs34 = errors;
if(((typeof data15 !== "string") && (!((typeof data15 == "number") && (isFinite(data15))))) && (typeof data15 !== "boolean")){
const err19 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/default",schemaPath:"#/properties/inputs/additionalProperties/properties/default/type",keyword:"type",params:{type: schema11.properties.inputs.additionalProperties.properties.default.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
const _errs35 = errors;
var valid4 = _errs34 === errors;
}
if(data11.min !== undefined){
let data16 = data11.min;
const _errs36 = errors;
if(!((typeof data16 == "number") && (isFinite(data16)))){
const err20 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/min",schemaPath:"#/properties/inputs/additionalProperties/properties/min/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
const _errs37 = errors;
var valid4 = _errs36 === errors;
}
if(data11.max !== undefined){
let data17 = data11.max;
const _errs38 = errors;
if(!((typeof data17 == "number") && (isFinite(data17)))){
const err21 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/max",schemaPath:"#/properties/inputs/additionalProperties/properties/max/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
const _errs39 = errors;
var valid4 = _errs38 === errors;
}
if(data11.enum !== undefined){
let data18 = data11.enum;
const _errs40 = errors;
const _errs41 = errors;
if(Array.isArray(data18)){
let valid6 = true;
const len0 = data18.length;
for(let i0=0; i0<len0; i0++){
let data19 = data18[i0];
const _errs42 = errors;
if((typeof data19 !== "string") && (!((typeof data19 == "number") && (isFinite(data19))))){
const err22 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/enum/" + i0,schemaPath:"#/properties/inputs/additionalProperties/properties/enum/items/type",keyword:"type",params:{type: schema11.properties.inputs.additionalProperties.properties.enum.items.type},message:"must be string,number"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
const _errs43 = errors;
var valid5 = _errs42 === errors;
if(!valid5){
valid6 = false;
}
}
}
else {
const err23 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/enum",schemaPath:"#/properties/inputs/additionalProperties/properties/enum/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var valid4 = _errs40 === errors;
}
if(data11.mode !== undefined){
let data20 = data11.mode;
const _errs44 = errors;
const vSchema1 = schema11.properties.inputs.additionalProperties.properties.mode.enum;
if(!((((((data20 === "ro_mount") || (data20 === "rw_mount")) || (data20 === "download")) || (data20 === "direct")) || (data20 === "eval_mount")) || (data20 === "eval_download"))){
const err24 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/mode",schemaPath:"#/properties/inputs/additionalProperties/properties/mode/enum",keyword:"enum",params:{allowedValues: schema11.properties.inputs.additionalProperties.properties.mode.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var valid4 = _errs44 === errors;
}
}
else {
const err25 = {instancePath:instancePath+"/inputs/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/inputs/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var valid3 = _errs26 === errors;
}
}
else {
const err26 = {instancePath:instancePath+"/inputs",schemaPath:"#/properties/inputs/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var valid0 = _errs23 === errors;
}
if(data.outputs !== undefined){
let data21 = data.outputs;
const _errs45 = errors;
const _errs46 = errors;
if(data21 && typeof data21 == "object" && !Array.isArray(data21)){
const _errs47 = errors;
for(const key5 in data21){
let data22 = data21[key5];
const _errs48 = errors;
const _errs49 = errors;
if(data22 && typeof data22 == "object" && !Array.isArray(data22)){
if(data22.type === undefined){
const err27 = {instancePath:instancePath+"/outputs/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/outputs/additionalProperties/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
const _errs50 = errors;
for(const key6 in data22){
if(!(((key6 === "type") || (key6 === "description")) || (key6 === "mode"))){
const err28 = {instancePath:instancePath+"/outputs/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/outputs/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data22.type !== undefined){
let data23 = data22.type;
const _errs51 = errors;
const vSchema2 = schema11.properties.outputs.additionalProperties.properties.type.enum;
if(!((((((((((data23 === "uri_folder") || (data23 === "uri_file")) || (data23 === "mltable")) || (data23 === "mlflow_model")) || (data23 === "custom_model")) || (data23 === "triton_model")) || (data23 === "integer")) || (data23 === "number")) || (data23 === "string")) || (data23 === "boolean"))){
const err29 = {instancePath:instancePath+"/outputs/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/type",schemaPath:"#/properties/outputs/additionalProperties/properties/type/enum",keyword:"enum",params:{allowedValues: schema11.properties.outputs.additionalProperties.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var valid8 = _errs51 === errors;
}
if(data22.description !== undefined){
let data24 = data22.description;
const _errs52 = errors;
if(typeof data24 !== "string"){
const err30 = {instancePath:instancePath+"/outputs/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/description",schemaPath:"#/properties/outputs/additionalProperties/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
const _errs53 = errors;
var valid8 = _errs52 === errors;
}
if(data22.mode !== undefined){
let data25 = data22.mode;
const _errs54 = errors;
const vSchema3 = schema11.properties.outputs.additionalProperties.properties.mode.enum;
if(!(((data25 === "rw_mount") || (data25 === "upload")) || (data25 === "direct"))){
const err31 = {instancePath:instancePath+"/outputs/" + key5.replace(/~/g, "~0").replace(/\//g, "~1")+"/mode",schemaPath:"#/properties/outputs/additionalProperties/properties/mode/enum",keyword:"enum",params:{allowedValues: schema11.properties.outputs.additionalProperties.properties.mode.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
var valid8 = _errs54 === errors;
}
}
else {
const err32 = {instancePath:instancePath+"/outputs/" + key5.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/outputs/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
var valid7 = _errs48 === errors;
}
}
else {
const err33 = {instancePath:instancePath+"/outputs",schemaPath:"#/properties/outputs/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var valid0 = _errs45 === errors;
}
if(data.code !== undefined){
let data26 = data.code;
const _errs55 = errors;
if(typeof data26 !== "string"){
const err34 = {instancePath:instancePath+"/code",schemaPath:"#/properties/code/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
const _errs56 = errors;
var valid0 = _errs55 === errors;
}
if(data.additional_includes !== undefined){
let data27 = data.additional_includes;
const _errs57 = errors;
const _errs58 = errors;
if(Array.isArray(data27)){
let valid10 = true;
const len1 = data27.length;
for(let i1=0; i1<len1; i1++){
let data28 = data27[i1];
const _errs59 = errors;
const _errs60 = errors;
if(typeof data28 === "string"){
if(func3(data28) < 1){
const err35 = {instancePath:instancePath+"/additional_includes/" + i1,schemaPath:"#/properties/additional_includes/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/additional_includes/" + i1,schemaPath:"#/properties/additional_includes/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
var valid9 = _errs59 === errors;
if(!valid9){
valid10 = false;
}
}
}
else {
const err37 = {instancePath:instancePath+"/additional_includes",schemaPath:"#/properties/additional_includes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
var valid0 = _errs57 === errors;
}
if(data.environment !== undefined){
let data29 = data.environment;
const _errs61 = errors;
if((typeof data29 !== "string") && (!(data29 && typeof data29 == "object" && !Array.isArray(data29)))){
const err38 = {instancePath:instancePath+"/environment",schemaPath:"#/properties/environment/type",keyword:"type",params:{type: schema11.properties.environment.type},message:"must be string,object"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
const _errs62 = errors;
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
const _errs63 = errors;
for(const key7 in data29){
if(!(((((((key7 === "description") || (key7 === "tags")) || (key7 === "image")) || (key7 === "conda_file")) || (key7 === "build")) || (key7 === "os_type")) || (key7 === "inference_config"))){
const err39 = {instancePath:instancePath+"/environment",schemaPath:"#/properties/environment/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data29.description !== undefined){
let data30 = data29.description;
const _errs64 = errors;
if(typeof data30 !== "string"){
const err40 = {instancePath:instancePath+"/environment/description",schemaPath:"#/properties/environment/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
const _errs65 = errors;
var valid11 = _errs64 === errors;
}
if(data29.tags !== undefined){
let data31 = data29.tags;
const _errs66 = errors;
const _errs67 = errors;
if(data31 && typeof data31 == "object" && !Array.isArray(data31)){
const _errs68 = errors;
for(const key8 in data31){
let data32 = data31[key8];
const _errs69 = errors;
if(((typeof data32 !== "string") && (!((typeof data32 == "number") && (isFinite(data32))))) && (typeof data32 !== "boolean")){
const err41 = {instancePath:instancePath+"/environment/tags/" + key8.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/environment/properties/tags/additionalProperties/type",keyword:"type",params:{type: schema11.properties.environment.properties.tags.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
const _errs70 = errors;
var valid12 = _errs69 === errors;
}
}
else {
const err42 = {instancePath:instancePath+"/environment/tags",schemaPath:"#/properties/environment/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
var valid11 = _errs66 === errors;
}
if(data29.image !== undefined){
let data33 = data29.image;
const _errs71 = errors;
if(typeof data33 !== "string"){
const err43 = {instancePath:instancePath+"/environment/image",schemaPath:"#/properties/environment/properties/image/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
const _errs72 = errors;
var valid11 = _errs71 === errors;
}
if(data29.conda_file !== undefined){
let data34 = data29.conda_file;
const _errs73 = errors;
if((typeof data34 !== "string") && (!(data34 && typeof data34 == "object" && !Array.isArray(data34)))){
const err44 = {instancePath:instancePath+"/environment/conda_file",schemaPath:"#/properties/environment/properties/conda_file/type",keyword:"type",params:{type: schema11.properties.environment.properties.conda_file.type},message:"must be string,object"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
const _errs74 = errors;
var valid11 = _errs73 === errors;
}
if(data29.build !== undefined){
let data35 = data29.build;
const _errs75 = errors;
const _errs76 = errors;
if(data35 && typeof data35 == "object" && !Array.isArray(data35)){
if(data35.path === undefined){
const err45 = {instancePath:instancePath+"/environment/build",schemaPath:"#/properties/environment/properties/build/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
const _errs77 = errors;
for(const key9 in data35){
if(!((key9 === "path") || (key9 === "dockerfile_path"))){
const err46 = {instancePath:instancePath+"/environment/build",schemaPath:"#/properties/environment/properties/build/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data35.path !== undefined){
let data36 = data35.path;
const _errs78 = errors;
if(typeof data36 !== "string"){
const err47 = {instancePath:instancePath+"/environment/build/path",schemaPath:"#/properties/environment/properties/build/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
const _errs79 = errors;
var valid13 = _errs78 === errors;
}
if(data35.dockerfile_path !== undefined){
let data37 = data35.dockerfile_path;
const _errs80 = errors;
if(typeof data37 !== "string"){
const err48 = {instancePath:instancePath+"/environment/build/dockerfile_path",schemaPath:"#/properties/environment/properties/build/properties/dockerfile_path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
const _errs81 = errors;
var valid13 = _errs80 === errors;
}
}
else {
const err49 = {instancePath:instancePath+"/environment/build",schemaPath:"#/properties/environment/properties/build/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
var valid11 = _errs75 === errors;
}
if(data29.os_type !== undefined){
let data38 = data29.os_type;
const _errs82 = errors;
const vSchema4 = schema11.properties.environment.properties.os_type.enum;
if(!((data38 === "linux") || (data38 === "windows"))){
const err50 = {instancePath:instancePath+"/environment/os_type",schemaPath:"#/properties/environment/properties/os_type/enum",keyword:"enum",params:{allowedValues: schema11.properties.environment.properties.os_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
var valid11 = _errs82 === errors;
}
if(data29.inference_config !== undefined){
let data39 = data29.inference_config;
const _errs83 = errors;
const _errs84 = errors;
if(data39 && typeof data39 == "object" && !Array.isArray(data39)){
const _errs85 = errors;
for(const key10 in data39){
if(!(((key10 === "liveness_route") || (key10 === "readiness_route")) || (key10 === "scoring_route"))){
const err51 = {instancePath:instancePath+"/environment/inference_config",schemaPath:"#/properties/environment/properties/inference_config/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
if(data39.liveness_route !== undefined){
let data40 = data39.liveness_route;
const _errs86 = errors;
const _errs87 = errors;
if(data40 && typeof data40 == "object" && !Array.isArray(data40)){
if(data40.path === undefined){
const err52 = {instancePath:instancePath+"/environment/inference_config/liveness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
if(data40.port === undefined){
const err53 = {instancePath:instancePath+"/environment/inference_config/liveness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
const _errs88 = errors;
for(const key11 in data40){
if(!((key11 === "path") || (key11 === "port"))){
const err54 = {instancePath:instancePath+"/environment/inference_config/liveness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data40.path !== undefined){
let data41 = data40.path;
const _errs89 = errors;
if(typeof data41 !== "string"){
const err55 = {instancePath:instancePath+"/environment/inference_config/liveness_route/path",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
const _errs90 = errors;
var valid15 = _errs89 === errors;
}
if(data40.port !== undefined){
let data42 = data40.port;
const _errs91 = errors;
if(!(((typeof data42 == "number") && (!(data42 % 1) && !isNaN(data42))) && (isFinite(data42)))){
const err56 = {instancePath:instancePath+"/environment/inference_config/liveness_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
const _errs92 = errors;
if((typeof data42 == "number") && (isFinite(data42))){
if(data42 > 65535 || isNaN(data42)){
const err57 = {instancePath:instancePath+"/environment/inference_config/liveness_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if(data42 < 1 || isNaN(data42)){
const err58 = {instancePath:instancePath+"/environment/inference_config/liveness_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
var valid15 = _errs91 === errors;
}
}
else {
const err59 = {instancePath:instancePath+"/environment/inference_config/liveness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/liveness_route/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
var valid14 = _errs86 === errors;
}
if(data39.readiness_route !== undefined){
let data43 = data39.readiness_route;
const _errs93 = errors;
const _errs94 = errors;
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
if(data43.path === undefined){
const err60 = {instancePath:instancePath+"/environment/inference_config/readiness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(data43.port === undefined){
const err61 = {instancePath:instancePath+"/environment/inference_config/readiness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
const _errs95 = errors;
for(const key12 in data43){
if(!((key12 === "path") || (key12 === "port"))){
const err62 = {instancePath:instancePath+"/environment/inference_config/readiness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
if(data43.path !== undefined){
let data44 = data43.path;
const _errs96 = errors;
if(typeof data44 !== "string"){
const err63 = {instancePath:instancePath+"/environment/inference_config/readiness_route/path",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
const _errs97 = errors;
var valid16 = _errs96 === errors;
}
if(data43.port !== undefined){
let data45 = data43.port;
const _errs98 = errors;
if(!(((typeof data45 == "number") && (!(data45 % 1) && !isNaN(data45))) && (isFinite(data45)))){
const err64 = {instancePath:instancePath+"/environment/inference_config/readiness_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
const _errs99 = errors;
if((typeof data45 == "number") && (isFinite(data45))){
if(data45 > 65535 || isNaN(data45)){
const err65 = {instancePath:instancePath+"/environment/inference_config/readiness_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(data45 < 1 || isNaN(data45)){
const err66 = {instancePath:instancePath+"/environment/inference_config/readiness_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
var valid16 = _errs98 === errors;
}
}
else {
const err67 = {instancePath:instancePath+"/environment/inference_config/readiness_route",schemaPath:"#/properties/environment/properties/inference_config/properties/readiness_route/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
var valid14 = _errs93 === errors;
}
if(data39.scoring_route !== undefined){
let data46 = data39.scoring_route;
const _errs100 = errors;
const _errs101 = errors;
if(data46 && typeof data46 == "object" && !Array.isArray(data46)){
if(data46.path === undefined){
const err68 = {instancePath:instancePath+"/environment/inference_config/scoring_route",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
if(data46.port === undefined){
const err69 = {instancePath:instancePath+"/environment/inference_config/scoring_route",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
const _errs102 = errors;
for(const key13 in data46){
if(!((key13 === "path") || (key13 === "port"))){
const err70 = {instancePath:instancePath+"/environment/inference_config/scoring_route",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data46.path !== undefined){
let data47 = data46.path;
const _errs103 = errors;
if(typeof data47 !== "string"){
const err71 = {instancePath:instancePath+"/environment/inference_config/scoring_route/path",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
const _errs104 = errors;
var valid17 = _errs103 === errors;
}
if(data46.port !== undefined){
let data48 = data46.port;
const _errs105 = errors;
if(!(((typeof data48 == "number") && (!(data48 % 1) && !isNaN(data48))) && (isFinite(data48)))){
const err72 = {instancePath:instancePath+"/environment/inference_config/scoring_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
const _errs106 = errors;
if((typeof data48 == "number") && (isFinite(data48))){
if(data48 > 65535 || isNaN(data48)){
const err73 = {instancePath:instancePath+"/environment/inference_config/scoring_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
if(data48 < 1 || isNaN(data48)){
const err74 = {instancePath:instancePath+"/environment/inference_config/scoring_route/port",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
}
var valid17 = _errs105 === errors;
}
}
else {
const err75 = {instancePath:instancePath+"/environment/inference_config/scoring_route",schemaPath:"#/properties/environment/properties/inference_config/properties/scoring_route/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
var valid14 = _errs100 === errors;
}
}
else {
const err76 = {instancePath:instancePath+"/environment/inference_config",schemaPath:"#/properties/environment/properties/inference_config/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
var valid11 = _errs83 === errors;
}
}
var valid0 = _errs61 === errors;
}
if(data.command !== undefined){
let data49 = data.command;
const _errs107 = errors;
const _errs108 = errors;
if(typeof data49 === "string"){
if(func3(data49) < 1){
const err77 = {instancePath:instancePath+"/command",schemaPath:"#/properties/command/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/command",schemaPath:"#/properties/command/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
var valid0 = _errs107 === errors;
}
if(data.resources !== undefined){
let data50 = data.resources;
const _errs109 = errors;
const _errs110 = errors;
if(data50 && typeof data50 == "object" && !Array.isArray(data50)){
const _errs111 = errors;
for(const key14 in data50){
if(!(((((key14 === "instance_count") || (key14 === "instance_type")) || (key14 === "shm_size")) || (key14 === "docker_args")) || (key14 === "properties"))){
const err79 = {instancePath:instancePath+"/resources",schemaPath:"#/properties/resources/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data50.instance_count !== undefined){
let data51 = data50.instance_count;
const _errs112 = errors;
if(!(((typeof data51 == "number") && (!(data51 % 1) && !isNaN(data51))) && (isFinite(data51)))){
const err80 = {instancePath:instancePath+"/resources/instance_count",schemaPath:"#/properties/resources/properties/instance_count/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
const _errs113 = errors;
if((typeof data51 == "number") && (isFinite(data51))){
if(data51 < 1 || isNaN(data51)){
const err81 = {instancePath:instancePath+"/resources/instance_count",schemaPath:"#/properties/resources/properties/instance_count/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
var valid18 = _errs112 === errors;
}
if(data50.instance_type !== undefined){
let data52 = data50.instance_type;
const _errs114 = errors;
if(typeof data52 !== "string"){
const err82 = {instancePath:instancePath+"/resources/instance_type",schemaPath:"#/properties/resources/properties/instance_type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
const _errs115 = errors;
var valid18 = _errs114 === errors;
}
if(data50.shm_size !== undefined){
let data53 = data50.shm_size;
const _errs116 = errors;
if(typeof data53 !== "string"){
const err83 = {instancePath:instancePath+"/resources/shm_size",schemaPath:"#/properties/resources/properties/shm_size/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
const _errs117 = errors;
var valid18 = _errs116 === errors;
}
if(data50.docker_args !== undefined){
let data54 = data50.docker_args;
const _errs118 = errors;
if(typeof data54 !== "string"){
const err84 = {instancePath:instancePath+"/resources/docker_args",schemaPath:"#/properties/resources/properties/docker_args/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
const _errs119 = errors;
var valid18 = _errs118 === errors;
}
if(data50.properties !== undefined){
let data55 = data50.properties;
const _errs120 = errors;
if(!(data55 && typeof data55 == "object" && !Array.isArray(data55))){
const err85 = {instancePath:instancePath+"/resources/properties",schemaPath:"#/properties/resources/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
const _errs121 = errors;
var valid18 = _errs120 === errors;
}
}
else {
const err86 = {instancePath:instancePath+"/resources",schemaPath:"#/properties/resources/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
var valid0 = _errs109 === errors;
}
if(data.distribution !== undefined){
let data56 = data.distribution;
const _errs122 = errors;
const _errs123 = errors;
if(data56 && typeof data56 == "object" && !Array.isArray(data56)){
if(data56.type === undefined){
const err87 = {instancePath:instancePath+"/distribution",schemaPath:"#/properties/distribution/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
if(data56.type !== undefined){
let data57 = data56.type;
const _errs124 = errors;
const vSchema5 = schema11.properties.distribution.properties.type.enum;
if(!((((data57 === "mpi") || (data57 === "pytorch")) || (data57 === "tensorflow")) || (data57 === "ray"))){
const err88 = {instancePath:instancePath+"/distribution/type",schemaPath:"#/properties/distribution/properties/type/enum",keyword:"enum",params:{allowedValues: schema11.properties.distribution.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
var valid19 = _errs124 === errors;
}
}
else {
const err89 = {instancePath:instancePath+"/distribution",schemaPath:"#/properties/distribution/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
var valid0 = _errs122 === errors;
}
}
else {
const err90 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

exports.v2756738b2c36e6935bca5d1c2323f2a1 = validate11;
const schema12 = {"type":"object","additionalProperties":false,"required":["name","path"],"properties":{"$schema":{"type":"string"},"name":{"type":"string"},"version":{},"description":{"type":"string"},"tags":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"properties":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"type":{"enum":["custom_model","mlflow_model","triton_model"]},"path":{"type":"string"},"stage":{"type":"string"},"flavors":{"type":"object","additionalProperties":{"type":"object"}}}};

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.path === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema12.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
const _errs2 = errors;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs3 = errors;
var valid0 = _errs2 === errors;
}
if(data.name !== undefined){
let data1 = data.name;
const _errs4 = errors;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs5 = errors;
var valid0 = _errs4 === errors;
}
if(data.description !== undefined){
let data2 = data.description;
const _errs6 = errors;
if(typeof data2 !== "string"){
const err5 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs7 = errors;
var valid0 = _errs6 === errors;
}
if(data.tags !== undefined){
let data3 = data.tags;
const _errs8 = errors;
const _errs9 = errors;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
const _errs10 = errors;
for(const key1 in data3){
let data4 = data3[key1];
const _errs11 = errors;
if(((typeof data4 !== "string") && (!((typeof data4 == "number") && (isFinite(data4))))) && (typeof data4 !== "boolean")){
const err6 = {instancePath:instancePath+"/tags/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tags/additionalProperties/type",keyword:"type",params:{type: schema12.properties.tags.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs12 = errors;
var valid1 = _errs11 === errors;
}
}
else {
const err7 = {instancePath:instancePath+"/tags",schemaPath:"#/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var valid0 = _errs8 === errors;
}
if(data.properties !== undefined){
let data5 = data.properties;
const _errs13 = errors;
const _errs14 = errors;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
const _errs15 = errors;
for(const key2 in data5){
let data6 = data5[key2];
const _errs16 = errors;
if(((typeof data6 !== "string") && (!((typeof data6 == "number") && (isFinite(data6))))) && (typeof data6 !== "boolean")){
const err8 = {instancePath:instancePath+"/properties/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/properties/additionalProperties/type",keyword:"type",params:{type: schema12.properties.properties.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
const _errs17 = errors;
var valid2 = _errs16 === errors;
}
}
else {
const err9 = {instancePath:instancePath+"/properties",schemaPath:"#/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var valid0 = _errs13 === errors;
}
if(data.type !== undefined){
let data7 = data.type;
const _errs18 = errors;
const vSchema0 = schema12.properties.type.enum;
if(!(((data7 === "custom_model") || (data7 === "mlflow_model")) || (data7 === "triton_model"))){
const err10 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/enum",keyword:"enum",params:{allowedValues: schema12.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var valid0 = _errs18 === errors;
}
if(data.path !== undefined){
let data8 = data.path;
const _errs19 = errors;
if(typeof data8 !== "string"){
const err11 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const _errs20 = errors;
var valid0 = _errs19 === errors;
}
if(data.stage !== undefined){
let data9 = data.stage;
const _errs21 = errors;
if(typeof data9 !== "string"){
const err12 = {instancePath:instancePath+"/stage",schemaPath:"#/properties/stage/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
const _errs22 = errors;
var valid0 = _errs21 === errors;
}
if(data.flavors !== undefined){
let data10 = data.flavors;
const _errs23 = errors;
const _errs24 = errors;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
const _errs25 = errors;
for(const key3 in data10){
let data11 = data10[key3];
const _errs26 = errors;
if(!(data11 && typeof data11 == "object" && !Array.isArray(data11))){
const err13 = {instancePath:instancePath+"/flavors/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/flavors/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
const _errs27 = errors;
var valid3 = _errs26 === errors;
}
}
else {
const err14 = {instancePath:instancePath+"/flavors",schemaPath:"#/properties/flavors/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var valid0 = _errs23 === errors;
}
}
else {
const err15 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

exports.v3ab0ec5f273ce31c7f4d925e36509b6d = validate12;
const schema13 = {"type":"object","additionalProperties":false,"required":["decision","requestId","asset","digest","bundleDigest","target","expiresAt","signedAt","signer"],"properties":{"decision":{"enum":["request","approve","reject","breakglass"]},"requestId":{"type":"string","minLength":1,"maxLength":1024},"asset":{"type":"object","additionalProperties":false,"required":["kind","name","version"],"properties":{"kind":{"enum":["model","data","environment","component"]},"name":{"type":"string","minLength":1,"maxLength":1024},"version":{"type":"string","minLength":1,"maxLength":1024}}},"digest":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},"bundleDigest":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},"target":{"type":"string","minLength":1,"maxLength":1024},"expiresAt":{"type":"string","format":"date-time"},"signedAt":{"type":"string","format":"date-time"},"signer":{"type":"string","minLength":1,"maxLength":1024},"reason":{"type":"string","maxLength":4096},"deployment":{"type":"object","additionalProperties":false,"required":["bundleDigest"],"properties":{"bundleDigest":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"}}}}};
const pattern0 = new RegExp("^sha256:[0-9a-f]{64}$", "u");
const formats0 = require("ajv-formats/dist/formats").fullFormats["date-time"];

function validate12(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.decision === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "decision"},message:"must have required property '"+"decision"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.requestId === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "requestId"},message:"must have required property '"+"requestId"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.asset === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "asset"},message:"must have required property '"+"asset"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.digest === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "digest"},message:"must have required property '"+"digest"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.bundleDigest === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "bundleDigest"},message:"must have required property '"+"bundleDigest"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.target === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "target"},message:"must have required property '"+"target"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.expiresAt === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "expiresAt"},message:"must have required property '"+"expiresAt"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.signedAt === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "signedAt"},message:"must have required property '"+"signedAt"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.signer === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "signer"},message:"must have required property '"+"signer"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema13.properties, key0))){
const err9 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.decision !== undefined){
let data0 = data.decision;
const _errs2 = errors;
const vSchema0 = schema13.properties.decision.enum;
if(!((((data0 === "request") || (data0 === "approve")) || (data0 === "reject")) || (data0 === "breakglass"))){
const err10 = {instancePath:instancePath+"/decision",schemaPath:"#/properties/decision/enum",keyword:"enum",params:{allowedValues: schema13.properties.decision.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var valid0 = _errs2 === errors;
}
if(data.requestId !== undefined){
let data1 = data.requestId;
const _errs3 = errors;
const _errs4 = errors;
if(typeof data1 === "string"){
if(func3(data1) > 1024){
const err11 = {instancePath:instancePath+"/requestId",schemaPath:"#/properties/requestId/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(func3(data1) < 1){
const err12 = {instancePath:instancePath+"/requestId",schemaPath:"#/properties/requestId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/requestId",schemaPath:"#/properties/requestId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var valid0 = _errs3 === errors;
}
if(data.asset !== undefined){
let data2 = data.asset;
const _errs5 = errors;
const _errs6 = errors;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.kind === undefined){
const err14 = {instancePath:instancePath+"/asset",schemaPath:"#/properties/asset/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data2.name === undefined){
const err15 = {instancePath:instancePath+"/asset",schemaPath:"#/properties/asset/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data2.version === undefined){
const err16 = {instancePath:instancePath+"/asset",schemaPath:"#/properties/asset/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
const _errs7 = errors;
for(const key1 in data2){
if(!(((key1 === "kind") || (key1 === "name")) || (key1 === "version"))){
const err17 = {instancePath:instancePath+"/asset",schemaPath:"#/properties/asset/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data2.kind !== undefined){
let data3 = data2.kind;
const _errs8 = errors;
const vSchema1 = schema13.properties.asset.properties.kind.enum;
if(!((((data3 === "model") || (data3 === "data")) || (data3 === "environment")) || (data3 === "component"))){
const err18 = {instancePath:instancePath+"/asset/kind",schemaPath:"#/properties/asset/properties/kind/enum",keyword:"enum",params:{allowedValues: schema13.properties.asset.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var valid1 = _errs8 === errors;
}
if(data2.name !== undefined){
let data4 = data2.name;
const _errs9 = errors;
const _errs10 = errors;
if(typeof data4 === "string"){
if(func3(data4) > 1024){
const err19 = {instancePath:instancePath+"/asset/name",schemaPath:"#/properties/asset/properties/name/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(func3(data4) < 1){
const err20 = {instancePath:instancePath+"/asset/name",schemaPath:"#/properties/asset/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/asset/name",schemaPath:"#/properties/asset/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var valid1 = _errs9 === errors;
}
if(data2.version !== undefined){
let data5 = data2.version;
const _errs11 = errors;
const _errs12 = errors;
if(typeof data5 === "string"){
if(func3(data5) > 1024){
const err22 = {instancePath:instancePath+"/asset/version",schemaPath:"#/properties/asset/properties/version/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(func3(data5) < 1){
const err23 = {instancePath:instancePath+"/asset/version",schemaPath:"#/properties/asset/properties/version/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/asset/version",schemaPath:"#/properties/asset/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var valid1 = _errs11 === errors;
}
}
else {
const err25 = {instancePath:instancePath+"/asset",schemaPath:"#/properties/asset/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var valid0 = _errs5 === errors;
}
if(data.digest !== undefined){
let data6 = data.digest;
const _errs13 = errors;
const _errs14 = errors;
if(typeof data6 === "string"){
if(!pattern0.test(data6)){
const err26 = {instancePath:instancePath+"/digest",schemaPath:"#/properties/digest/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/digest",schemaPath:"#/properties/digest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
var valid0 = _errs13 === errors;
}
if(data.bundleDigest !== undefined){
let data7 = data.bundleDigest;
const _errs15 = errors;
const _errs16 = errors;
if(typeof data7 === "string"){
if(!pattern0.test(data7)){
const err28 = {instancePath:instancePath+"/bundleDigest",schemaPath:"#/properties/bundleDigest/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/bundleDigest",schemaPath:"#/properties/bundleDigest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var valid0 = _errs15 === errors;
}
if(data.target !== undefined){
let data8 = data.target;
const _errs17 = errors;
const _errs18 = errors;
if(typeof data8 === "string"){
if(func3(data8) > 1024){
const err30 = {instancePath:instancePath+"/target",schemaPath:"#/properties/target/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(func3(data8) < 1){
const err31 = {instancePath:instancePath+"/target",schemaPath:"#/properties/target/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
else {
const err32 = {instancePath:instancePath+"/target",schemaPath:"#/properties/target/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
var valid0 = _errs17 === errors;
}
if(data.expiresAt !== undefined){
let data9 = data.expiresAt;
const _errs19 = errors;
const _errs20 = errors;
if((typeof data9 == "number") && (isFinite(data9))){
}
if(typeof data9 === "string"){
if(!(formats0.validate(data9))){
const err33 = {instancePath:instancePath+"/expiresAt",schemaPath:"#/properties/expiresAt/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/expiresAt",schemaPath:"#/properties/expiresAt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var valid0 = _errs19 === errors;
}
if(data.signedAt !== undefined){
let data10 = data.signedAt;
const _errs21 = errors;
const _errs22 = errors;
if((typeof data10 == "number") && (isFinite(data10))){
}
if(typeof data10 === "string"){
if(!(formats0.validate(data10))){
const err35 = {instancePath:instancePath+"/signedAt",schemaPath:"#/properties/signedAt/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/signedAt",schemaPath:"#/properties/signedAt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
var valid0 = _errs21 === errors;
}
if(data.signer !== undefined){
let data11 = data.signer;
const _errs23 = errors;
const _errs24 = errors;
if(typeof data11 === "string"){
if(func3(data11) > 1024){
const err37 = {instancePath:instancePath+"/signer",schemaPath:"#/properties/signer/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(func3(data11) < 1){
const err38 = {instancePath:instancePath+"/signer",schemaPath:"#/properties/signer/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/signer",schemaPath:"#/properties/signer/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
var valid0 = _errs23 === errors;
}
if(data.reason !== undefined){
let data12 = data.reason;
const _errs25 = errors;
const _errs26 = errors;
if(typeof data12 === "string"){
if(func3(data12) > 4096){
const err40 = {instancePath:instancePath+"/reason",schemaPath:"#/properties/reason/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/reason",schemaPath:"#/properties/reason/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var valid0 = _errs25 === errors;
}
if(data.deployment !== undefined){
let data13 = data.deployment;
const _errs27 = errors;
const _errs28 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
if(data13.bundleDigest === undefined){
const err42 = {instancePath:instancePath+"/deployment",schemaPath:"#/properties/deployment/required",keyword:"required",params:{missingProperty: "bundleDigest"},message:"must have required property '"+"bundleDigest"+"'"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
const _errs29 = errors;
for(const key2 in data13){
if(!(key2 === "bundleDigest")){
const err43 = {instancePath:instancePath+"/deployment",schemaPath:"#/properties/deployment/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data13.bundleDigest !== undefined){
let data14 = data13.bundleDigest;
const _errs30 = errors;
const _errs31 = errors;
if(typeof data14 === "string"){
if(!pattern0.test(data14)){
const err44 = {instancePath:instancePath+"/deployment/bundleDigest",schemaPath:"#/properties/deployment/properties/bundleDigest/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/deployment/bundleDigest",schemaPath:"#/properties/deployment/properties/bundleDigest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var valid2 = _errs30 === errors;
}
}
else {
const err46 = {instancePath:instancePath+"/deployment",schemaPath:"#/properties/deployment/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
var valid0 = _errs27 === errors;
}
}
else {
const err47 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
validate12.errors = vErrors;
return errors === 0;
}

exports.v44bc70be8ff10b64580fa79e00a15e0a = validate13;
const schema14 = {"$id":"airlock:tfvars","title":"terraform.tfvars of one Airlock environment","type":"object","additionalProperties":false,"required":["prefix","resource_prefixes","purpose","location","location_code","random_string","enable_auto_purge","vnet_address_space","subnet_address_prefix","tags"],"properties":{"prefix":{"type":"string","pattern":"^[a-z][a-z0-9]{1,9}$"},"resource_prefixes":{"type":"object","additionalProperties":false,"required":["vnet","subnet","workspace","registry","storage","container_registry","key_vault","log_analytics"],"properties":{"vnet":{"type":"string","minLength":1},"subnet":{"type":"string","minLength":1},"workspace":{"type":"string","minLength":1},"registry":{"type":"string","minLength":1},"storage":{"type":"string","minLength":1},"container_registry":{"type":"string","minLength":1},"key_vault":{"type":"string","minLength":1},"log_analytics":{"type":"string","minLength":1}}},"purpose":{"enum":["dev","prod"]},"location":{"type":"string","pattern":"^[a-z0-9]+$"},"location_code":{"type":"string","pattern":"^[a-z0-9]{1,4}$"},"random_string":{"type":"string","pattern":"^[a-z0-9]{1,6}$"},"enable_auto_purge":{"type":"boolean"},"vnet_address_space":{"type":"string"},"subnet_address_prefix":{"type":"string"},"tags":{"type":"object","required":["environment"],"properties":{"environment":{"enum":["dev","prod"]}},"additionalProperties":{"type":"string"}},"human_registry_access":{"enum":["read-only","literal-matrix"]},"human_prod_access":{"enum":["least-privilege","literal-matrix"]},"ledger_retention_days":{"type":"integer","minimum":1,"maximum":146000},"ledger_policy_locked":{"type":"boolean"},"workspace_isolation_mode":{"enum":["AllowOnlyApprovedOutbound","AllowInternetOutbound","Disabled"]},"subscription_id":{"type":"string","pattern":"^[0-9a-fA-F-]{36}$"},"deployment_principal_object_id":{"type":"string"},"promotion_principal_object_id":{"type":"string"},"data_scientists_group_object_id":{"type":"string"},"compute_cluster_vm_size":{"type":"string"},"compute_cluster_max_nodes":{"type":"integer","minimum":1},"compute_instance_vm_size":{"type":"string"},"budget_amount":{"type":"number","exclusiveMinimum":0},"budget_alert_thresholds":{"type":"array","items":{"type":"number","exclusiveMinimum":0}},"budget_start_date":{"type":"string"},"alert_email_addresses":{"type":"array","items":{"type":"string"}},"log_retention_days":{"type":"integer","minimum":30,"maximum":730}}};
const pattern3 = new RegExp("^[a-z][a-z0-9]{1,9}$", "u");
const pattern4 = new RegExp("^[a-z0-9]+$", "u");
const pattern5 = new RegExp("^[a-z0-9]{1,4}$", "u");
const pattern6 = new RegExp("^[a-z0-9]{1,6}$", "u");
const pattern7 = new RegExp("^[0-9a-fA-F-]{36}$", "u");

function validate13(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="airlock:tfvars" */;
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.prefix === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "prefix"},message:"must have required property '"+"prefix"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.resource_prefixes === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "resource_prefixes"},message:"must have required property '"+"resource_prefixes"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.purpose === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "purpose"},message:"must have required property '"+"purpose"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.location === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "location"},message:"must have required property '"+"location"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.location_code === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "location_code"},message:"must have required property '"+"location_code"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.random_string === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "random_string"},message:"must have required property '"+"random_string"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.enable_auto_purge === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "enable_auto_purge"},message:"must have required property '"+"enable_auto_purge"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.vnet_address_space === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "vnet_address_space"},message:"must have required property '"+"vnet_address_space"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data.subnet_address_prefix === undefined){
const err8 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "subnet_address_prefix"},message:"must have required property '"+"subnet_address_prefix"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data.tags === undefined){
const err9 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "tags"},message:"must have required property '"+"tags"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema14.properties, key0))){
const err10 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.prefix !== undefined){
let data0 = data.prefix;
const _errs2 = errors;
const _errs3 = errors;
if(typeof data0 === "string"){
if(!pattern3.test(data0)){
const err11 = {instancePath:instancePath+"/prefix",schemaPath:"#/properties/prefix/pattern",keyword:"pattern",params:{pattern: "^[a-z][a-z0-9]{1,9}$"},message:"must match pattern \""+"^[a-z][a-z0-9]{1,9}$"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/prefix",schemaPath:"#/properties/prefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var valid0 = _errs2 === errors;
}
if(data.resource_prefixes !== undefined){
let data1 = data.resource_prefixes;
const _errs4 = errors;
const _errs5 = errors;
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
if(data1.vnet === undefined){
const err13 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "vnet"},message:"must have required property '"+"vnet"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data1.subnet === undefined){
const err14 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "subnet"},message:"must have required property '"+"subnet"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data1.workspace === undefined){
const err15 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "workspace"},message:"must have required property '"+"workspace"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
if(data1.registry === undefined){
const err16 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "registry"},message:"must have required property '"+"registry"+"'"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(data1.storage === undefined){
const err17 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "storage"},message:"must have required property '"+"storage"+"'"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(data1.container_registry === undefined){
const err18 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "container_registry"},message:"must have required property '"+"container_registry"+"'"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data1.key_vault === undefined){
const err19 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "key_vault"},message:"must have required property '"+"key_vault"+"'"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
if(data1.log_analytics === undefined){
const err20 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/required",keyword:"required",params:{missingProperty: "log_analytics"},message:"must have required property '"+"log_analytics"+"'"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
const _errs6 = errors;
for(const key1 in data1){
if(!((((((((key1 === "vnet") || (key1 === "subnet")) || (key1 === "workspace")) || (key1 === "registry")) || (key1 === "storage")) || (key1 === "container_registry")) || (key1 === "key_vault")) || (key1 === "log_analytics"))){
const err21 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data1.vnet !== undefined){
let data2 = data1.vnet;
const _errs7 = errors;
const _errs8 = errors;
if(typeof data2 === "string"){
if(func3(data2) < 1){
const err22 = {instancePath:instancePath+"/resource_prefixes/vnet",schemaPath:"#/properties/resource_prefixes/properties/vnet/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
else {
const err23 = {instancePath:instancePath+"/resource_prefixes/vnet",schemaPath:"#/properties/resource_prefixes/properties/vnet/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
var valid1 = _errs7 === errors;
}
if(data1.subnet !== undefined){
let data3 = data1.subnet;
const _errs9 = errors;
const _errs10 = errors;
if(typeof data3 === "string"){
if(func3(data3) < 1){
const err24 = {instancePath:instancePath+"/resource_prefixes/subnet",schemaPath:"#/properties/resource_prefixes/properties/subnet/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
else {
const err25 = {instancePath:instancePath+"/resource_prefixes/subnet",schemaPath:"#/properties/resource_prefixes/properties/subnet/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var valid1 = _errs9 === errors;
}
if(data1.workspace !== undefined){
let data4 = data1.workspace;
const _errs11 = errors;
const _errs12 = errors;
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err26 = {instancePath:instancePath+"/resource_prefixes/workspace",schemaPath:"#/properties/resource_prefixes/properties/workspace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
else {
const err27 = {instancePath:instancePath+"/resource_prefixes/workspace",schemaPath:"#/properties/resource_prefixes/properties/workspace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
var valid1 = _errs11 === errors;
}
if(data1.registry !== undefined){
let data5 = data1.registry;
const _errs13 = errors;
const _errs14 = errors;
if(typeof data5 === "string"){
if(func3(data5) < 1){
const err28 = {instancePath:instancePath+"/resource_prefixes/registry",schemaPath:"#/properties/resource_prefixes/properties/registry/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
else {
const err29 = {instancePath:instancePath+"/resource_prefixes/registry",schemaPath:"#/properties/resource_prefixes/properties/registry/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var valid1 = _errs13 === errors;
}
if(data1.storage !== undefined){
let data6 = data1.storage;
const _errs15 = errors;
const _errs16 = errors;
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err30 = {instancePath:instancePath+"/resource_prefixes/storage",schemaPath:"#/properties/resource_prefixes/properties/storage/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/resource_prefixes/storage",schemaPath:"#/properties/resource_prefixes/properties/storage/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
var valid1 = _errs15 === errors;
}
if(data1.container_registry !== undefined){
let data7 = data1.container_registry;
const _errs17 = errors;
const _errs18 = errors;
if(typeof data7 === "string"){
if(func3(data7) < 1){
const err32 = {instancePath:instancePath+"/resource_prefixes/container_registry",schemaPath:"#/properties/resource_prefixes/properties/container_registry/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/resource_prefixes/container_registry",schemaPath:"#/properties/resource_prefixes/properties/container_registry/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var valid1 = _errs17 === errors;
}
if(data1.key_vault !== undefined){
let data8 = data1.key_vault;
const _errs19 = errors;
const _errs20 = errors;
if(typeof data8 === "string"){
if(func3(data8) < 1){
const err34 = {instancePath:instancePath+"/resource_prefixes/key_vault",schemaPath:"#/properties/resource_prefixes/properties/key_vault/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
else {
const err35 = {instancePath:instancePath+"/resource_prefixes/key_vault",schemaPath:"#/properties/resource_prefixes/properties/key_vault/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
var valid1 = _errs19 === errors;
}
if(data1.log_analytics !== undefined){
let data9 = data1.log_analytics;
const _errs21 = errors;
const _errs22 = errors;
if(typeof data9 === "string"){
if(func3(data9) < 1){
const err36 = {instancePath:instancePath+"/resource_prefixes/log_analytics",schemaPath:"#/properties/resource_prefixes/properties/log_analytics/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
else {
const err37 = {instancePath:instancePath+"/resource_prefixes/log_analytics",schemaPath:"#/properties/resource_prefixes/properties/log_analytics/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
var valid1 = _errs21 === errors;
}
}
else {
const err38 = {instancePath:instancePath+"/resource_prefixes",schemaPath:"#/properties/resource_prefixes/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var valid0 = _errs4 === errors;
}
if(data.purpose !== undefined){
let data10 = data.purpose;
const _errs23 = errors;
const vSchema0 = schema14.properties.purpose.enum;
if(!((data10 === "dev") || (data10 === "prod"))){
const err39 = {instancePath:instancePath+"/purpose",schemaPath:"#/properties/purpose/enum",keyword:"enum",params:{allowedValues: schema14.properties.purpose.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
var valid0 = _errs23 === errors;
}
if(data.location !== undefined){
let data11 = data.location;
const _errs24 = errors;
const _errs25 = errors;
if(typeof data11 === "string"){
if(!pattern4.test(data11)){
const err40 = {instancePath:instancePath+"/location",schemaPath:"#/properties/location/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]+$"},message:"must match pattern \""+"^[a-z0-9]+$"+"\""};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/location",schemaPath:"#/properties/location/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var valid0 = _errs24 === errors;
}
if(data.location_code !== undefined){
let data12 = data.location_code;
const _errs26 = errors;
const _errs27 = errors;
if(typeof data12 === "string"){
if(!pattern5.test(data12)){
const err42 = {instancePath:instancePath+"/location_code",schemaPath:"#/properties/location_code/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]{1,4}$"},message:"must match pattern \""+"^[a-z0-9]{1,4}$"+"\""};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/location_code",schemaPath:"#/properties/location_code/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
var valid0 = _errs26 === errors;
}
if(data.random_string !== undefined){
let data13 = data.random_string;
const _errs28 = errors;
const _errs29 = errors;
if(typeof data13 === "string"){
if(!pattern6.test(data13)){
const err44 = {instancePath:instancePath+"/random_string",schemaPath:"#/properties/random_string/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]{1,6}$"},message:"must match pattern \""+"^[a-z0-9]{1,6}$"+"\""};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
else {
const err45 = {instancePath:instancePath+"/random_string",schemaPath:"#/properties/random_string/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var valid0 = _errs28 === errors;
}
if(data.enable_auto_purge !== undefined){
let data14 = data.enable_auto_purge;
const _errs30 = errors;
if(typeof data14 !== "boolean"){
const err46 = {instancePath:instancePath+"/enable_auto_purge",schemaPath:"#/properties/enable_auto_purge/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
const _errs31 = errors;
var valid0 = _errs30 === errors;
}
if(data.vnet_address_space !== undefined){
let data15 = data.vnet_address_space;
const _errs32 = errors;
if(typeof data15 !== "string"){
const err47 = {instancePath:instancePath+"/vnet_address_space",schemaPath:"#/properties/vnet_address_space/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
const _errs33 = errors;
var valid0 = _errs32 === errors;
}
if(data.subnet_address_prefix !== undefined){
let data16 = data.subnet_address_prefix;
const _errs34 = errors;
if(typeof data16 !== "string"){
const err48 = {instancePath:instancePath+"/subnet_address_prefix",schemaPath:"#/properties/subnet_address_prefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
const _errs35 = errors;
var valid0 = _errs34 === errors;
}
if(data.tags !== undefined){
let data17 = data.tags;
const _errs36 = errors;
const _errs37 = errors;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
if(data17.environment === undefined){
const err49 = {instancePath:instancePath+"/tags",schemaPath:"#/properties/tags/required",keyword:"required",params:{missingProperty: "environment"},message:"must have required property '"+"environment"+"'"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
const _errs38 = errors;
for(const key2 in data17){
if(!(key2 === "environment")){
let data18 = data17[key2];
const _errs39 = errors;
if(typeof data18 !== "string"){
const err50 = {instancePath:instancePath+"/tags/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tags/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
const _errs40 = errors;
var valid2 = _errs39 === errors;
}
}
if(data17.environment !== undefined){
let data19 = data17.environment;
const _errs41 = errors;
const vSchema1 = schema14.properties.tags.properties.environment.enum;
if(!((data19 === "dev") || (data19 === "prod"))){
const err51 = {instancePath:instancePath+"/tags/environment",schemaPath:"#/properties/tags/properties/environment/enum",keyword:"enum",params:{allowedValues: schema14.properties.tags.properties.environment.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
var valid3 = _errs41 === errors;
}
}
else {
const err52 = {instancePath:instancePath+"/tags",schemaPath:"#/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
var valid0 = _errs36 === errors;
}
if(data.human_registry_access !== undefined){
let data20 = data.human_registry_access;
const _errs42 = errors;
const vSchema2 = schema14.properties.human_registry_access.enum;
if(!((data20 === "read-only") || (data20 === "literal-matrix"))){
const err53 = {instancePath:instancePath+"/human_registry_access",schemaPath:"#/properties/human_registry_access/enum",keyword:"enum",params:{allowedValues: schema14.properties.human_registry_access.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
var valid0 = _errs42 === errors;
}
if(data.human_prod_access !== undefined){
let data21 = data.human_prod_access;
const _errs43 = errors;
const vSchema3 = schema14.properties.human_prod_access.enum;
if(!((data21 === "least-privilege") || (data21 === "literal-matrix"))){
const err54 = {instancePath:instancePath+"/human_prod_access",schemaPath:"#/properties/human_prod_access/enum",keyword:"enum",params:{allowedValues: schema14.properties.human_prod_access.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
var valid0 = _errs43 === errors;
}
if(data.ledger_retention_days !== undefined){
let data22 = data.ledger_retention_days;
const _errs44 = errors;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err55 = {instancePath:instancePath+"/ledger_retention_days",schemaPath:"#/properties/ledger_retention_days/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
const _errs45 = errors;
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 146000 || isNaN(data22)){
const err56 = {instancePath:instancePath+"/ledger_retention_days",schemaPath:"#/properties/ledger_retention_days/maximum",keyword:"maximum",params:{comparison: "<=", limit: 146000},message:"must be <= 146000"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
if(data22 < 1 || isNaN(data22)){
const err57 = {instancePath:instancePath+"/ledger_retention_days",schemaPath:"#/properties/ledger_retention_days/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
var valid0 = _errs44 === errors;
}
if(data.ledger_policy_locked !== undefined){
let data23 = data.ledger_policy_locked;
const _errs46 = errors;
if(typeof data23 !== "boolean"){
const err58 = {instancePath:instancePath+"/ledger_policy_locked",schemaPath:"#/properties/ledger_policy_locked/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
const _errs47 = errors;
var valid0 = _errs46 === errors;
}
if(data.workspace_isolation_mode !== undefined){
let data24 = data.workspace_isolation_mode;
const _errs48 = errors;
const vSchema4 = schema14.properties.workspace_isolation_mode.enum;
if(!(((data24 === "AllowOnlyApprovedOutbound") || (data24 === "AllowInternetOutbound")) || (data24 === "Disabled"))){
const err59 = {instancePath:instancePath+"/workspace_isolation_mode",schemaPath:"#/properties/workspace_isolation_mode/enum",keyword:"enum",params:{allowedValues: schema14.properties.workspace_isolation_mode.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
var valid0 = _errs48 === errors;
}
if(data.subscription_id !== undefined){
let data25 = data.subscription_id;
const _errs49 = errors;
const _errs50 = errors;
if(typeof data25 === "string"){
if(!pattern7.test(data25)){
const err60 = {instancePath:instancePath+"/subscription_id",schemaPath:"#/properties/subscription_id/pattern",keyword:"pattern",params:{pattern: "^[0-9a-fA-F-]{36}$"},message:"must match pattern \""+"^[0-9a-fA-F-]{36}$"+"\""};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
else {
const err61 = {instancePath:instancePath+"/subscription_id",schemaPath:"#/properties/subscription_id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
var valid0 = _errs49 === errors;
}
if(data.deployment_principal_object_id !== undefined){
let data26 = data.deployment_principal_object_id;
const _errs51 = errors;
if(typeof data26 !== "string"){
const err62 = {instancePath:instancePath+"/deployment_principal_object_id",schemaPath:"#/properties/deployment_principal_object_id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
const _errs52 = errors;
var valid0 = _errs51 === errors;
}
if(data.promotion_principal_object_id !== undefined){
let data27 = data.promotion_principal_object_id;
const _errs53 = errors;
if(typeof data27 !== "string"){
const err63 = {instancePath:instancePath+"/promotion_principal_object_id",schemaPath:"#/properties/promotion_principal_object_id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
const _errs54 = errors;
var valid0 = _errs53 === errors;
}
if(data.data_scientists_group_object_id !== undefined){
let data28 = data.data_scientists_group_object_id;
const _errs55 = errors;
if(typeof data28 !== "string"){
const err64 = {instancePath:instancePath+"/data_scientists_group_object_id",schemaPath:"#/properties/data_scientists_group_object_id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
const _errs56 = errors;
var valid0 = _errs55 === errors;
}
if(data.compute_cluster_vm_size !== undefined){
let data29 = data.compute_cluster_vm_size;
const _errs57 = errors;
if(typeof data29 !== "string"){
const err65 = {instancePath:instancePath+"/compute_cluster_vm_size",schemaPath:"#/properties/compute_cluster_vm_size/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
const _errs58 = errors;
var valid0 = _errs57 === errors;
}
if(data.compute_cluster_max_nodes !== undefined){
let data30 = data.compute_cluster_max_nodes;
const _errs59 = errors;
if(!(((typeof data30 == "number") && (!(data30 % 1) && !isNaN(data30))) && (isFinite(data30)))){
const err66 = {instancePath:instancePath+"/compute_cluster_max_nodes",schemaPath:"#/properties/compute_cluster_max_nodes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
const _errs60 = errors;
if((typeof data30 == "number") && (isFinite(data30))){
if(data30 < 1 || isNaN(data30)){
const err67 = {instancePath:instancePath+"/compute_cluster_max_nodes",schemaPath:"#/properties/compute_cluster_max_nodes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
var valid0 = _errs59 === errors;
}
if(data.compute_instance_vm_size !== undefined){
let data31 = data.compute_instance_vm_size;
const _errs61 = errors;
if(typeof data31 !== "string"){
const err68 = {instancePath:instancePath+"/compute_instance_vm_size",schemaPath:"#/properties/compute_instance_vm_size/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
const _errs62 = errors;
var valid0 = _errs61 === errors;
}
if(data.budget_amount !== undefined){
let data32 = data.budget_amount;
const _errs63 = errors;
const _errs64 = errors;
if((typeof data32 == "number") && (isFinite(data32))){
if(data32 <= 0 || isNaN(data32)){
const err69 = {instancePath:instancePath+"/budget_amount",schemaPath:"#/properties/budget_amount/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/budget_amount",schemaPath:"#/properties/budget_amount/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
var valid0 = _errs63 === errors;
}
if(data.budget_alert_thresholds !== undefined){
let data33 = data.budget_alert_thresholds;
const _errs65 = errors;
const _errs66 = errors;
if(Array.isArray(data33)){
let valid5 = true;
const len0 = data33.length;
for(let i0=0; i0<len0; i0++){
let data34 = data33[i0];
const _errs67 = errors;
const _errs68 = errors;
if((typeof data34 == "number") && (isFinite(data34))){
if(data34 <= 0 || isNaN(data34)){
const err71 = {instancePath:instancePath+"/budget_alert_thresholds/" + i0,schemaPath:"#/properties/budget_alert_thresholds/items/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
else {
const err72 = {instancePath:instancePath+"/budget_alert_thresholds/" + i0,schemaPath:"#/properties/budget_alert_thresholds/items/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
var valid4 = _errs67 === errors;
if(!valid4){
valid5 = false;
}
}
}
else {
const err73 = {instancePath:instancePath+"/budget_alert_thresholds",schemaPath:"#/properties/budget_alert_thresholds/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
var valid0 = _errs65 === errors;
}
if(data.budget_start_date !== undefined){
let data35 = data.budget_start_date;
const _errs69 = errors;
if(typeof data35 !== "string"){
const err74 = {instancePath:instancePath+"/budget_start_date",schemaPath:"#/properties/budget_start_date/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
const _errs70 = errors;
var valid0 = _errs69 === errors;
}
if(data.alert_email_addresses !== undefined){
let data36 = data.alert_email_addresses;
const _errs71 = errors;
const _errs72 = errors;
if(Array.isArray(data36)){
let valid7 = true;
const len1 = data36.length;
for(let i1=0; i1<len1; i1++){
let data37 = data36[i1];
const _errs73 = errors;
if(typeof data37 !== "string"){
const err75 = {instancePath:instancePath+"/alert_email_addresses/" + i1,schemaPath:"#/properties/alert_email_addresses/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
const _errs74 = errors;
var valid6 = _errs73 === errors;
if(!valid6){
valid7 = false;
}
}
}
else {
const err76 = {instancePath:instancePath+"/alert_email_addresses",schemaPath:"#/properties/alert_email_addresses/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
var valid0 = _errs71 === errors;
}
if(data.log_retention_days !== undefined){
let data38 = data.log_retention_days;
const _errs75 = errors;
if(!(((typeof data38 == "number") && (!(data38 % 1) && !isNaN(data38))) && (isFinite(data38)))){
const err77 = {instancePath:instancePath+"/log_retention_days",schemaPath:"#/properties/log_retention_days/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
const _errs76 = errors;
if((typeof data38 == "number") && (isFinite(data38))){
if(data38 > 730 || isNaN(data38)){
const err78 = {instancePath:instancePath+"/log_retention_days",schemaPath:"#/properties/log_retention_days/maximum",keyword:"maximum",params:{comparison: "<=", limit: 730},message:"must be <= 730"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
if(data38 < 30 || isNaN(data38)){
const err79 = {instancePath:instancePath+"/log_retention_days",schemaPath:"#/properties/log_retention_days/minimum",keyword:"minimum",params:{comparison: ">=", limit: 30},message:"must be >= 30"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
var valid0 = _errs75 === errors;
}
}
else {
const err80 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
validate13.errors = vErrors;
return errors === 0;
}

exports.v511b274b236755dab61cdf8918297f47 = validate14;
const schema15 = {"type":"object","additionalProperties":false,"required":["_type","subject","predicateType","predicate"],"properties":{"_type":{"const":"https://in-toto.io/Statement/v1"},"subject":{"type":"array","minItems":1,"maxItems":1,"items":{"type":"object","additionalProperties":false,"required":["name","digest"],"properties":{"name":{"type":"string"},"digest":{"type":"object","additionalProperties":false,"required":["sha256"],"properties":{"sha256":{"type":"string","pattern":"^[0-9a-f]{64}$"}}}}}},"predicateType":{"const":"https://airlock.dev/attestations/decision/v1"},"predicate":{"type":"object","additionalProperties":false,"required":["decision","requestId","asset","digest","bundleDigest","target","expiresAt","signedAt","signer"],"properties":{"decision":{"enum":["request","approve","reject","breakglass"]},"requestId":{"type":"string","minLength":1,"maxLength":1024},"asset":{"type":"object","additionalProperties":false,"required":["kind","name","version"],"properties":{"kind":{"enum":["model","data","environment","component"]},"name":{"type":"string","minLength":1,"maxLength":1024},"version":{"type":"string","minLength":1,"maxLength":1024}}},"digest":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},"bundleDigest":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},"target":{"type":"string","minLength":1,"maxLength":1024},"expiresAt":{"type":"string","format":"date-time"},"signedAt":{"type":"string","format":"date-time"},"signer":{"type":"string","minLength":1,"maxLength":1024},"reason":{"type":"string","maxLength":4096},"deployment":{"type":"object","additionalProperties":false,"required":["bundleDigest"],"properties":{"bundleDigest":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"}}}}}}};
const pattern8 = new RegExp("^[0-9a-f]{64}$", "u");

function validate14(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data._type === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "_type"},message:"must have required property '"+"_type"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.subject === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "subject"},message:"must have required property '"+"subject"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.predicateType === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "predicateType"},message:"must have required property '"+"predicateType"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.predicate === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "predicate"},message:"must have required property '"+"predicate"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!((((key0 === "_type") || (key0 === "subject")) || (key0 === "predicateType")) || (key0 === "predicate"))){
const err4 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data._type !== undefined){
let data0 = data._type;
const _errs2 = errors;
if("https://in-toto.io/Statement/v1" !== data0){
const err5 = {instancePath:instancePath+"/_type",schemaPath:"#/properties/_type/const",keyword:"const",params:{allowedValue: "https://in-toto.io/Statement/v1"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
var valid0 = _errs2 === errors;
}
if(data.subject !== undefined){
let data1 = data.subject;
const _errs3 = errors;
const _errs4 = errors;
if(Array.isArray(data1)){
if(data1.length > 1){
const err6 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/maxItems",keyword:"maxItems",params:{limit: 1},message:"must NOT have more than 1 items"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data1.length < 1){
const err7 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
let valid2 = true;
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
const _errs5 = errors;
const _errs6 = errors;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.name === undefined){
const err8 = {instancePath:instancePath+"/subject/" + i0,schemaPath:"#/properties/subject/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data2.digest === undefined){
const err9 = {instancePath:instancePath+"/subject/" + i0,schemaPath:"#/properties/subject/items/required",keyword:"required",params:{missingProperty: "digest"},message:"must have required property '"+"digest"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const _errs7 = errors;
for(const key1 in data2){
if(!((key1 === "name") || (key1 === "digest"))){
const err10 = {instancePath:instancePath+"/subject/" + i0,schemaPath:"#/properties/subject/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data2.name !== undefined){
let data3 = data2.name;
const _errs8 = errors;
if(typeof data3 !== "string"){
const err11 = {instancePath:instancePath+"/subject/" + i0+"/name",schemaPath:"#/properties/subject/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const _errs9 = errors;
var valid3 = _errs8 === errors;
}
if(data2.digest !== undefined){
let data4 = data2.digest;
const _errs10 = errors;
const _errs11 = errors;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
if(data4.sha256 === undefined){
const err12 = {instancePath:instancePath+"/subject/" + i0+"/digest",schemaPath:"#/properties/subject/items/properties/digest/required",keyword:"required",params:{missingProperty: "sha256"},message:"must have required property '"+"sha256"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
const _errs12 = errors;
for(const key2 in data4){
if(!(key2 === "sha256")){
const err13 = {instancePath:instancePath+"/subject/" + i0+"/digest",schemaPath:"#/properties/subject/items/properties/digest/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data4.sha256 !== undefined){
let data5 = data4.sha256;
const _errs13 = errors;
const _errs14 = errors;
if(typeof data5 === "string"){
if(!pattern8.test(data5)){
const err14 = {instancePath:instancePath+"/subject/" + i0+"/digest/sha256",schemaPath:"#/properties/subject/items/properties/digest/properties/sha256/pattern",keyword:"pattern",params:{pattern: "^[0-9a-f]{64}$"},message:"must match pattern \""+"^[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
else {
const err15 = {instancePath:instancePath+"/subject/" + i0+"/digest/sha256",schemaPath:"#/properties/subject/items/properties/digest/properties/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var valid4 = _errs13 === errors;
}
}
else {
const err16 = {instancePath:instancePath+"/subject/" + i0+"/digest",schemaPath:"#/properties/subject/items/properties/digest/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var valid3 = _errs10 === errors;
}
}
else {
const err17 = {instancePath:instancePath+"/subject/" + i0,schemaPath:"#/properties/subject/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var valid1 = _errs5 === errors;
if(!valid1){
valid2 = false;
}
}
}
else {
const err18 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
var valid0 = _errs3 === errors;
}
if(data.predicateType !== undefined){
let data6 = data.predicateType;
const _errs15 = errors;
if("https://airlock.dev/attestations/decision/v1" !== data6){
const err19 = {instancePath:instancePath+"/predicateType",schemaPath:"#/properties/predicateType/const",keyword:"const",params:{allowedValue: "https://airlock.dev/attestations/decision/v1"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var valid0 = _errs15 === errors;
}
if(data.predicate !== undefined){
let data7 = data.predicate;
const _errs16 = errors;
const _errs17 = errors;
if(data7 && typeof data7 == "object" && !Array.isArray(data7)){
if(data7.decision === undefined){
const err20 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "decision"},message:"must have required property '"+"decision"+"'"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(data7.requestId === undefined){
const err21 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "requestId"},message:"must have required property '"+"requestId"+"'"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data7.asset === undefined){
const err22 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "asset"},message:"must have required property '"+"asset"+"'"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(data7.digest === undefined){
const err23 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "digest"},message:"must have required property '"+"digest"+"'"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data7.bundleDigest === undefined){
const err24 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "bundleDigest"},message:"must have required property '"+"bundleDigest"+"'"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
if(data7.target === undefined){
const err25 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "target"},message:"must have required property '"+"target"+"'"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(data7.expiresAt === undefined){
const err26 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "expiresAt"},message:"must have required property '"+"expiresAt"+"'"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data7.signedAt === undefined){
const err27 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "signedAt"},message:"must have required property '"+"signedAt"+"'"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data7.signer === undefined){
const err28 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/required",keyword:"required",params:{missingProperty: "signer"},message:"must have required property '"+"signer"+"'"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
const _errs18 = errors;
for(const key3 in data7){
if(!(func2.call(schema15.properties.predicate.properties, key3))){
const err29 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
if(data7.decision !== undefined){
let data8 = data7.decision;
const _errs19 = errors;
const vSchema0 = schema15.properties.predicate.properties.decision.enum;
if(!((((data8 === "request") || (data8 === "approve")) || (data8 === "reject")) || (data8 === "breakglass"))){
const err30 = {instancePath:instancePath+"/predicate/decision",schemaPath:"#/properties/predicate/properties/decision/enum",keyword:"enum",params:{allowedValues: schema15.properties.predicate.properties.decision.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
var valid5 = _errs19 === errors;
}
if(data7.requestId !== undefined){
let data9 = data7.requestId;
const _errs20 = errors;
const _errs21 = errors;
if(typeof data9 === "string"){
if(func3(data9) > 1024){
const err31 = {instancePath:instancePath+"/predicate/requestId",schemaPath:"#/properties/predicate/properties/requestId/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(func3(data9) < 1){
const err32 = {instancePath:instancePath+"/predicate/requestId",schemaPath:"#/properties/predicate/properties/requestId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
else {
const err33 = {instancePath:instancePath+"/predicate/requestId",schemaPath:"#/properties/predicate/properties/requestId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var valid5 = _errs20 === errors;
}
if(data7.asset !== undefined){
let data10 = data7.asset;
const _errs22 = errors;
const _errs23 = errors;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.kind === undefined){
const err34 = {instancePath:instancePath+"/predicate/asset",schemaPath:"#/properties/predicate/properties/asset/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(data10.name === undefined){
const err35 = {instancePath:instancePath+"/predicate/asset",schemaPath:"#/properties/predicate/properties/asset/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
if(data10.version === undefined){
const err36 = {instancePath:instancePath+"/predicate/asset",schemaPath:"#/properties/predicate/properties/asset/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
const _errs24 = errors;
for(const key4 in data10){
if(!(((key4 === "kind") || (key4 === "name")) || (key4 === "version"))){
const err37 = {instancePath:instancePath+"/predicate/asset",schemaPath:"#/properties/predicate/properties/asset/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data10.kind !== undefined){
let data11 = data10.kind;
const _errs25 = errors;
const vSchema1 = schema15.properties.predicate.properties.asset.properties.kind.enum;
if(!((((data11 === "model") || (data11 === "data")) || (data11 === "environment")) || (data11 === "component"))){
const err38 = {instancePath:instancePath+"/predicate/asset/kind",schemaPath:"#/properties/predicate/properties/asset/properties/kind/enum",keyword:"enum",params:{allowedValues: schema15.properties.predicate.properties.asset.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var valid6 = _errs25 === errors;
}
if(data10.name !== undefined){
let data12 = data10.name;
const _errs26 = errors;
const _errs27 = errors;
if(typeof data12 === "string"){
if(func3(data12) > 1024){
const err39 = {instancePath:instancePath+"/predicate/asset/name",schemaPath:"#/properties/predicate/properties/asset/properties/name/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(func3(data12) < 1){
const err40 = {instancePath:instancePath+"/predicate/asset/name",schemaPath:"#/properties/predicate/properties/asset/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/predicate/asset/name",schemaPath:"#/properties/predicate/properties/asset/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var valid6 = _errs26 === errors;
}
if(data10.version !== undefined){
let data13 = data10.version;
const _errs28 = errors;
const _errs29 = errors;
if(typeof data13 === "string"){
if(func3(data13) > 1024){
const err42 = {instancePath:instancePath+"/predicate/asset/version",schemaPath:"#/properties/predicate/properties/asset/properties/version/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
if(func3(data13) < 1){
const err43 = {instancePath:instancePath+"/predicate/asset/version",schemaPath:"#/properties/predicate/properties/asset/properties/version/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
else {
const err44 = {instancePath:instancePath+"/predicate/asset/version",schemaPath:"#/properties/predicate/properties/asset/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
var valid6 = _errs28 === errors;
}
}
else {
const err45 = {instancePath:instancePath+"/predicate/asset",schemaPath:"#/properties/predicate/properties/asset/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var valid5 = _errs22 === errors;
}
if(data7.digest !== undefined){
let data14 = data7.digest;
const _errs30 = errors;
const _errs31 = errors;
if(typeof data14 === "string"){
if(!pattern0.test(data14)){
const err46 = {instancePath:instancePath+"/predicate/digest",schemaPath:"#/properties/predicate/properties/digest/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/predicate/digest",schemaPath:"#/properties/predicate/properties/digest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
var valid5 = _errs30 === errors;
}
if(data7.bundleDigest !== undefined){
let data15 = data7.bundleDigest;
const _errs32 = errors;
const _errs33 = errors;
if(typeof data15 === "string"){
if(!pattern0.test(data15)){
const err48 = {instancePath:instancePath+"/predicate/bundleDigest",schemaPath:"#/properties/predicate/properties/bundleDigest/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
else {
const err49 = {instancePath:instancePath+"/predicate/bundleDigest",schemaPath:"#/properties/predicate/properties/bundleDigest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
var valid5 = _errs32 === errors;
}
if(data7.target !== undefined){
let data16 = data7.target;
const _errs34 = errors;
const _errs35 = errors;
if(typeof data16 === "string"){
if(func3(data16) > 1024){
const err50 = {instancePath:instancePath+"/predicate/target",schemaPath:"#/properties/predicate/properties/target/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
if(func3(data16) < 1){
const err51 = {instancePath:instancePath+"/predicate/target",schemaPath:"#/properties/predicate/properties/target/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/predicate/target",schemaPath:"#/properties/predicate/properties/target/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
var valid5 = _errs34 === errors;
}
if(data7.expiresAt !== undefined){
let data17 = data7.expiresAt;
const _errs36 = errors;
const _errs37 = errors;
if((typeof data17 == "number") && (isFinite(data17))){
}
if(typeof data17 === "string"){
if(!(formats0.validate(data17))){
const err53 = {instancePath:instancePath+"/predicate/expiresAt",schemaPath:"#/properties/predicate/properties/expiresAt/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
else {
const err54 = {instancePath:instancePath+"/predicate/expiresAt",schemaPath:"#/properties/predicate/properties/expiresAt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
var valid5 = _errs36 === errors;
}
if(data7.signedAt !== undefined){
let data18 = data7.signedAt;
const _errs38 = errors;
const _errs39 = errors;
if((typeof data18 == "number") && (isFinite(data18))){
}
if(typeof data18 === "string"){
if(!(formats0.validate(data18))){
const err55 = {instancePath:instancePath+"/predicate/signedAt",schemaPath:"#/properties/predicate/properties/signedAt/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/predicate/signedAt",schemaPath:"#/properties/predicate/properties/signedAt/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
var valid5 = _errs38 === errors;
}
if(data7.signer !== undefined){
let data19 = data7.signer;
const _errs40 = errors;
const _errs41 = errors;
if(typeof data19 === "string"){
if(func3(data19) > 1024){
const err57 = {instancePath:instancePath+"/predicate/signer",schemaPath:"#/properties/predicate/properties/signer/maxLength",keyword:"maxLength",params:{limit: 1024},message:"must NOT have more than 1024 characters"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
if(func3(data19) < 1){
const err58 = {instancePath:instancePath+"/predicate/signer",schemaPath:"#/properties/predicate/properties/signer/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
else {
const err59 = {instancePath:instancePath+"/predicate/signer",schemaPath:"#/properties/predicate/properties/signer/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
var valid5 = _errs40 === errors;
}
if(data7.reason !== undefined){
let data20 = data7.reason;
const _errs42 = errors;
const _errs43 = errors;
if(typeof data20 === "string"){
if(func3(data20) > 4096){
const err60 = {instancePath:instancePath+"/predicate/reason",schemaPath:"#/properties/predicate/properties/reason/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
else {
const err61 = {instancePath:instancePath+"/predicate/reason",schemaPath:"#/properties/predicate/properties/reason/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
var valid5 = _errs42 === errors;
}
if(data7.deployment !== undefined){
let data21 = data7.deployment;
const _errs44 = errors;
const _errs45 = errors;
if(data21 && typeof data21 == "object" && !Array.isArray(data21)){
if(data21.bundleDigest === undefined){
const err62 = {instancePath:instancePath+"/predicate/deployment",schemaPath:"#/properties/predicate/properties/deployment/required",keyword:"required",params:{missingProperty: "bundleDigest"},message:"must have required property '"+"bundleDigest"+"'"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
const _errs46 = errors;
for(const key5 in data21){
if(!(key5 === "bundleDigest")){
const err63 = {instancePath:instancePath+"/predicate/deployment",schemaPath:"#/properties/predicate/properties/deployment/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data21.bundleDigest !== undefined){
let data22 = data21.bundleDigest;
const _errs47 = errors;
const _errs48 = errors;
if(typeof data22 === "string"){
if(!pattern0.test(data22)){
const err64 = {instancePath:instancePath+"/predicate/deployment/bundleDigest",schemaPath:"#/properties/predicate/properties/deployment/properties/bundleDigest/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
else {
const err65 = {instancePath:instancePath+"/predicate/deployment/bundleDigest",schemaPath:"#/properties/predicate/properties/deployment/properties/bundleDigest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
var valid7 = _errs47 === errors;
}
}
else {
const err66 = {instancePath:instancePath+"/predicate/deployment",schemaPath:"#/properties/predicate/properties/deployment/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
var valid5 = _errs44 === errors;
}
}
else {
const err67 = {instancePath:instancePath+"/predicate",schemaPath:"#/properties/predicate/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
var valid0 = _errs16 === errors;
}
}
else {
const err68 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
validate14.errors = vErrors;
return errors === 0;
}

exports.v51bb03bb235c3c984b05a174f89486f9 = validate15;
const schema16 = {"type":"object","additionalProperties":false,"required":["name","path"],"properties":{"$schema":{"type":"string"},"name":{"type":"string"},"version":{},"description":{"type":"string"},"tags":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"properties":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"type":{"enum":["uri_file","uri_folder","mltable"]},"path":{"type":"string"}}};

function validate15(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.path === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!((((((((key0 === "$schema") || (key0 === "name")) || (key0 === "version")) || (key0 === "description")) || (key0 === "tags")) || (key0 === "properties")) || (key0 === "type")) || (key0 === "path"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
const _errs2 = errors;
if(typeof data0 !== "string"){
const err3 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs3 = errors;
var valid0 = _errs2 === errors;
}
if(data.name !== undefined){
let data1 = data.name;
const _errs4 = errors;
if(typeof data1 !== "string"){
const err4 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs5 = errors;
var valid0 = _errs4 === errors;
}
if(data.description !== undefined){
let data2 = data.description;
const _errs6 = errors;
if(typeof data2 !== "string"){
const err5 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs7 = errors;
var valid0 = _errs6 === errors;
}
if(data.tags !== undefined){
let data3 = data.tags;
const _errs8 = errors;
const _errs9 = errors;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
const _errs10 = errors;
for(const key1 in data3){
let data4 = data3[key1];
const _errs11 = errors;
if(((typeof data4 !== "string") && (!((typeof data4 == "number") && (isFinite(data4))))) && (typeof data4 !== "boolean")){
const err6 = {instancePath:instancePath+"/tags/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tags/additionalProperties/type",keyword:"type",params:{type: schema16.properties.tags.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs12 = errors;
var valid1 = _errs11 === errors;
}
}
else {
const err7 = {instancePath:instancePath+"/tags",schemaPath:"#/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
var valid0 = _errs8 === errors;
}
if(data.properties !== undefined){
let data5 = data.properties;
const _errs13 = errors;
const _errs14 = errors;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
const _errs15 = errors;
for(const key2 in data5){
let data6 = data5[key2];
const _errs16 = errors;
if(((typeof data6 !== "string") && (!((typeof data6 == "number") && (isFinite(data6))))) && (typeof data6 !== "boolean")){
const err8 = {instancePath:instancePath+"/properties/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/properties/additionalProperties/type",keyword:"type",params:{type: schema16.properties.properties.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
const _errs17 = errors;
var valid2 = _errs16 === errors;
}
}
else {
const err9 = {instancePath:instancePath+"/properties",schemaPath:"#/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var valid0 = _errs13 === errors;
}
if(data.type !== undefined){
let data7 = data.type;
const _errs18 = errors;
const vSchema0 = schema16.properties.type.enum;
if(!(((data7 === "uri_file") || (data7 === "uri_folder")) || (data7 === "mltable"))){
const err10 = {instancePath:instancePath+"/type",schemaPath:"#/properties/type/enum",keyword:"enum",params:{allowedValues: schema16.properties.type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var valid0 = _errs18 === errors;
}
if(data.path !== undefined){
let data8 = data.path;
const _errs19 = errors;
if(typeof data8 !== "string"){
const err11 = {instancePath:instancePath+"/path",schemaPath:"#/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const _errs20 = errors;
var valid0 = _errs19 === errors;
}
}
else {
const err12 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
validate15.errors = vErrors;
return errors === 0;
}

exports.v5b79a1a1bea6f5d7c01daef3bf21df72 = validate16;
const schema17 = {"type":"object","additionalProperties":false,"required":["version"],"properties":{"version":{"const":1},"approvals":{"type":"object","additionalProperties":false,"properties":{"approvers":{"type":"object","additionalProperties":false,"properties":{"principals":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"objectIds":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"groups":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true}}},"ttl":{"type":"string","pattern":"^[1-9][0-9]*(m|h|d)$"},"minApprovals":{"type":"integer","minimum":1,"maximum":10},"separationOfDuties":{"type":"boolean"}}},"promotion":{"type":"object","additionalProperties":false,"properties":{"promotableDataClasses":{"type":"array","items":{"enum":["validation","reference"]},"uniqueItems":true},"environmentStrategy":{"enum":["rebuild-from-context","recreate-from-image","reference-dev-registry"]},"allowedEnvironmentStrategies":{"type":"array","items":{"enum":["rebuild-from-context","recreate-from-image","reference-dev-registry"]},"uniqueItems":true,"minItems":1}}},"breakglass":{"type":"object","additionalProperties":false,"properties":{"allowed":{"type":"boolean"},"principals":{"type":"object","additionalProperties":false,"properties":{"principals":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"objectIds":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"groups":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true}}},"ttl":{"type":"string","pattern":"^[1-9][0-9]*(m|h|d)$"}}},"ci":{"type":"object","additionalProperties":false,"properties":{"trustedIssuers":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["issuer","jwksUri"],"properties":{"issuer":{"type":"string","format":"uri","pattern":"^https://"},"jwksUri":{"type":"string","format":"uri","pattern":"^https://"}}}}}},"evidence":{"type":"object","additionalProperties":false,"properties":{"enforcement":{"enum":["enforce","audit"]},"metrics":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"modelCard":{"type":"object","additionalProperties":false,"properties":{"required":{"type":"boolean"},"file":{"type":"string","minLength":1},"fields":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true}}},"scan":{"type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean"},"extensions":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"allowedGlobals":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"deniedGlobals":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"unknownGlobals":{"enum":["refuse","allow"]}}},"license":{"type":"object","additionalProperties":false,"required":["allowed"],"properties":{"tag":{"type":"string","minLength":1},"allowed":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true,"minItems":1}}},"environments":{"type":"object","additionalProperties":false,"properties":{"pinnedByDigest":{"type":"boolean"},"builtImageDigestProperty":{"type":"string","minLength":1}}},"championChallenger":{"type":"object","additionalProperties":false,"properties":{"margin":{"type":"number","minimum":0},"relativeMargin":{"type":"number","minimum":0}}}}}}};
const func0 = require("ajv/dist/runtime/equal").default;
const pattern12 = new RegExp("^[1-9][0-9]*(m|h|d)$", "u");
const pattern14 = new RegExp("^https://", "u");
const formats8 = require("ajv-formats/dist/formats").fullFormats.uri;

function validate16(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!((((((key0 === "version") || (key0 === "approvals")) || (key0 === "promotion")) || (key0 === "breakglass")) || (key0 === "ci")) || (key0 === "evidence"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.version !== undefined){
let data0 = data.version;
const _errs2 = errors;
if(1 !== data0){
const err2 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var valid0 = _errs2 === errors;
}
if(data.approvals !== undefined){
let data1 = data.approvals;
const _errs3 = errors;
const _errs4 = errors;
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
const _errs5 = errors;
for(const key1 in data1){
if(!((((key1 === "approvers") || (key1 === "ttl")) || (key1 === "minApprovals")) || (key1 === "separationOfDuties"))){
const err3 = {instancePath:instancePath+"/approvals",schemaPath:"#/properties/approvals/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data1.approvers !== undefined){
let data2 = data1.approvers;
const _errs6 = errors;
const _errs7 = errors;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
const _errs8 = errors;
for(const key2 in data2){
if(!(((key2 === "principals") || (key2 === "objectIds")) || (key2 === "groups"))){
const err4 = {instancePath:instancePath+"/approvals/approvers",schemaPath:"#/properties/approvals/properties/approvers/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data2.principals !== undefined){
let data3 = data2.principals;
const _errs9 = errors;
const _errs10 = errors;
if(Array.isArray(data3)){
let valid4 = true;
const len0 = data3.length;
for(let i0=0; i0<len0; i0++){
let data4 = data3[i0];
const _errs11 = errors;
const _errs12 = errors;
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err5 = {instancePath:instancePath+"/approvals/approvers/principals/" + i0,schemaPath:"#/properties/approvals/properties/approvers/properties/principals/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
else {
const err6 = {instancePath:instancePath+"/approvals/approvers/principals/" + i0,schemaPath:"#/properties/approvals/properties/approvers/properties/principals/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var valid3 = _errs11 === errors;
if(!valid3){
valid4 = false;
}
}
let valid5;
let i1 = data3.length;
let j0;
valid5 = true;
if(i1 > 1){
const indices0 = {};
for(;i1--;){
let item0 = data3[i1];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err7 = {instancePath:instancePath+"/approvals/approvers/principals",schemaPath:"#/properties/approvals/properties/approvers/properties/principals/uniqueItems",keyword:"uniqueItems",params:{i: i1, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i1+" are identical)"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
valid5 = false;
break;
}
indices0[item0] = i1;
}
}
}
else {
const err8 = {instancePath:instancePath+"/approvals/approvers/principals",schemaPath:"#/properties/approvals/properties/approvers/properties/principals/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var valid2 = _errs9 === errors;
}
if(data2.objectIds !== undefined){
let data5 = data2.objectIds;
const _errs13 = errors;
const _errs14 = errors;
if(Array.isArray(data5)){
let valid7 = true;
const len1 = data5.length;
for(let i2=0; i2<len1; i2++){
let data6 = data5[i2];
const _errs15 = errors;
const _errs16 = errors;
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err9 = {instancePath:instancePath+"/approvals/approvers/objectIds/" + i2,schemaPath:"#/properties/approvals/properties/approvers/properties/objectIds/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/approvals/approvers/objectIds/" + i2,schemaPath:"#/properties/approvals/properties/approvers/properties/objectIds/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var valid6 = _errs15 === errors;
if(!valid6){
valid7 = false;
}
}
let valid8;
let i3 = data5.length;
let j1;
valid8 = true;
if(i3 > 1){
const indices1 = {};
for(;i3--;){
let item1 = data5[i3];
if(typeof item1 !== "string"){
continue;
}
if(typeof indices1[item1] == "number"){
j1 = indices1[item1];
const err11 = {instancePath:instancePath+"/approvals/approvers/objectIds",schemaPath:"#/properties/approvals/properties/approvers/properties/objectIds/uniqueItems",keyword:"uniqueItems",params:{i: i3, j: j1},message:"must NOT have duplicate items (items ## "+j1+" and "+i3+" are identical)"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
valid8 = false;
break;
}
indices1[item1] = i3;
}
}
}
else {
const err12 = {instancePath:instancePath+"/approvals/approvers/objectIds",schemaPath:"#/properties/approvals/properties/approvers/properties/objectIds/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var valid2 = _errs13 === errors;
}
if(data2.groups !== undefined){
let data7 = data2.groups;
const _errs17 = errors;
const _errs18 = errors;
if(Array.isArray(data7)){
let valid10 = true;
const len2 = data7.length;
for(let i4=0; i4<len2; i4++){
let data8 = data7[i4];
const _errs19 = errors;
const _errs20 = errors;
if(typeof data8 === "string"){
if(func3(data8) < 1){
const err13 = {instancePath:instancePath+"/approvals/approvers/groups/" + i4,schemaPath:"#/properties/approvals/properties/approvers/properties/groups/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/approvals/approvers/groups/" + i4,schemaPath:"#/properties/approvals/properties/approvers/properties/groups/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var valid9 = _errs19 === errors;
if(!valid9){
valid10 = false;
}
}
let valid11;
let i5 = data7.length;
let j2;
valid11 = true;
if(i5 > 1){
const indices2 = {};
for(;i5--;){
let item2 = data7[i5];
if(typeof item2 !== "string"){
continue;
}
if(typeof indices2[item2] == "number"){
j2 = indices2[item2];
const err15 = {instancePath:instancePath+"/approvals/approvers/groups",schemaPath:"#/properties/approvals/properties/approvers/properties/groups/uniqueItems",keyword:"uniqueItems",params:{i: i5, j: j2},message:"must NOT have duplicate items (items ## "+j2+" and "+i5+" are identical)"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
valid11 = false;
break;
}
indices2[item2] = i5;
}
}
}
else {
const err16 = {instancePath:instancePath+"/approvals/approvers/groups",schemaPath:"#/properties/approvals/properties/approvers/properties/groups/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var valid2 = _errs17 === errors;
}
}
else {
const err17 = {instancePath:instancePath+"/approvals/approvers",schemaPath:"#/properties/approvals/properties/approvers/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var valid1 = _errs6 === errors;
}
if(data1.ttl !== undefined){
let data9 = data1.ttl;
const _errs21 = errors;
const _errs22 = errors;
if(typeof data9 === "string"){
if(!pattern12.test(data9)){
const err18 = {instancePath:instancePath+"/approvals/ttl",schemaPath:"#/properties/approvals/properties/ttl/pattern",keyword:"pattern",params:{pattern: "^[1-9][0-9]*(m|h|d)$"},message:"must match pattern \""+"^[1-9][0-9]*(m|h|d)$"+"\""};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/approvals/ttl",schemaPath:"#/properties/approvals/properties/ttl/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var valid1 = _errs21 === errors;
}
if(data1.minApprovals !== undefined){
let data10 = data1.minApprovals;
const _errs23 = errors;
if(!(((typeof data10 == "number") && (!(data10 % 1) && !isNaN(data10))) && (isFinite(data10)))){
const err20 = {instancePath:instancePath+"/approvals/minApprovals",schemaPath:"#/properties/approvals/properties/minApprovals/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
const _errs24 = errors;
if((typeof data10 == "number") && (isFinite(data10))){
if(data10 > 10 || isNaN(data10)){
const err21 = {instancePath:instancePath+"/approvals/minApprovals",schemaPath:"#/properties/approvals/properties/minApprovals/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10},message:"must be <= 10"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(data10 < 1 || isNaN(data10)){
const err22 = {instancePath:instancePath+"/approvals/minApprovals",schemaPath:"#/properties/approvals/properties/minApprovals/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
var valid1 = _errs23 === errors;
}
if(data1.separationOfDuties !== undefined){
let data11 = data1.separationOfDuties;
const _errs25 = errors;
if(typeof data11 !== "boolean"){
const err23 = {instancePath:instancePath+"/approvals/separationOfDuties",schemaPath:"#/properties/approvals/properties/separationOfDuties/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
const _errs26 = errors;
var valid1 = _errs25 === errors;
}
}
else {
const err24 = {instancePath:instancePath+"/approvals",schemaPath:"#/properties/approvals/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var valid0 = _errs3 === errors;
}
if(data.promotion !== undefined){
let data12 = data.promotion;
const _errs27 = errors;
const _errs28 = errors;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
const _errs29 = errors;
for(const key3 in data12){
if(!(((key3 === "promotableDataClasses") || (key3 === "environmentStrategy")) || (key3 === "allowedEnvironmentStrategies"))){
const err25 = {instancePath:instancePath+"/promotion",schemaPath:"#/properties/promotion/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data12.promotableDataClasses !== undefined){
let data13 = data12.promotableDataClasses;
const _errs30 = errors;
const _errs31 = errors;
if(Array.isArray(data13)){
let valid14 = true;
const len3 = data13.length;
for(let i6=0; i6<len3; i6++){
let data14 = data13[i6];
const _errs32 = errors;
const vSchema0 = schema17.properties.promotion.properties.promotableDataClasses.items.enum;
if(!((data14 === "validation") || (data14 === "reference"))){
const err26 = {instancePath:instancePath+"/promotion/promotableDataClasses/" + i6,schemaPath:"#/properties/promotion/properties/promotableDataClasses/items/enum",keyword:"enum",params:{allowedValues: schema17.properties.promotion.properties.promotableDataClasses.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var valid13 = _errs32 === errors;
if(!valid13){
valid14 = false;
}
}
let valid15;
let i7 = data13.length;
let j3;
valid15 = true;
if(i7 > 1){
outer0:
for(;i7--;){
for(j3 = i7; j3--;){
if(func0(data13[i7], data13[j3])){
const err27 = {instancePath:instancePath+"/promotion/promotableDataClasses",schemaPath:"#/properties/promotion/properties/promotableDataClasses/uniqueItems",keyword:"uniqueItems",params:{i: i7, j: j3},message:"must NOT have duplicate items (items ## "+j3+" and "+i7+" are identical)"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
valid15 = false;
break outer0;
}
}
}
}
}
else {
const err28 = {instancePath:instancePath+"/promotion/promotableDataClasses",schemaPath:"#/properties/promotion/properties/promotableDataClasses/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
var valid12 = _errs30 === errors;
}
if(data12.environmentStrategy !== undefined){
let data15 = data12.environmentStrategy;
const _errs33 = errors;
const vSchema1 = schema17.properties.promotion.properties.environmentStrategy.enum;
if(!(((data15 === "rebuild-from-context") || (data15 === "recreate-from-image")) || (data15 === "reference-dev-registry"))){
const err29 = {instancePath:instancePath+"/promotion/environmentStrategy",schemaPath:"#/properties/promotion/properties/environmentStrategy/enum",keyword:"enum",params:{allowedValues: schema17.properties.promotion.properties.environmentStrategy.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
var valid12 = _errs33 === errors;
}
if(data12.allowedEnvironmentStrategies !== undefined){
let data16 = data12.allowedEnvironmentStrategies;
const _errs34 = errors;
const _errs35 = errors;
if(Array.isArray(data16)){
if(data16.length < 1){
const err30 = {instancePath:instancePath+"/promotion/allowedEnvironmentStrategies",schemaPath:"#/properties/promotion/properties/allowedEnvironmentStrategies/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
let valid17 = true;
const len4 = data16.length;
for(let i8=0; i8<len4; i8++){
let data17 = data16[i8];
const _errs36 = errors;
const vSchema2 = schema17.properties.promotion.properties.allowedEnvironmentStrategies.items.enum;
if(!(((data17 === "rebuild-from-context") || (data17 === "recreate-from-image")) || (data17 === "reference-dev-registry"))){
const err31 = {instancePath:instancePath+"/promotion/allowedEnvironmentStrategies/" + i8,schemaPath:"#/properties/promotion/properties/allowedEnvironmentStrategies/items/enum",keyword:"enum",params:{allowedValues: schema17.properties.promotion.properties.allowedEnvironmentStrategies.items.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
var valid16 = _errs36 === errors;
if(!valid16){
valid17 = false;
}
}
let valid18;
let i9 = data16.length;
let j4;
valid18 = true;
if(i9 > 1){
outer1:
for(;i9--;){
for(j4 = i9; j4--;){
if(func0(data16[i9], data16[j4])){
const err32 = {instancePath:instancePath+"/promotion/allowedEnvironmentStrategies",schemaPath:"#/properties/promotion/properties/allowedEnvironmentStrategies/uniqueItems",keyword:"uniqueItems",params:{i: i9, j: j4},message:"must NOT have duplicate items (items ## "+j4+" and "+i9+" are identical)"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
valid18 = false;
break outer1;
}
}
}
}
}
else {
const err33 = {instancePath:instancePath+"/promotion/allowedEnvironmentStrategies",schemaPath:"#/properties/promotion/properties/allowedEnvironmentStrategies/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var valid12 = _errs34 === errors;
}
}
else {
const err34 = {instancePath:instancePath+"/promotion",schemaPath:"#/properties/promotion/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var valid0 = _errs27 === errors;
}
if(data.breakglass !== undefined){
let data18 = data.breakglass;
const _errs37 = errors;
const _errs38 = errors;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
const _errs39 = errors;
for(const key4 in data18){
if(!(((key4 === "allowed") || (key4 === "principals")) || (key4 === "ttl"))){
const err35 = {instancePath:instancePath+"/breakglass",schemaPath:"#/properties/breakglass/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data18.allowed !== undefined){
let data19 = data18.allowed;
const _errs40 = errors;
if(typeof data19 !== "boolean"){
const err36 = {instancePath:instancePath+"/breakglass/allowed",schemaPath:"#/properties/breakglass/properties/allowed/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
const _errs41 = errors;
var valid19 = _errs40 === errors;
}
if(data18.principals !== undefined){
let data20 = data18.principals;
const _errs42 = errors;
const _errs43 = errors;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
const _errs44 = errors;
for(const key5 in data20){
if(!(((key5 === "principals") || (key5 === "objectIds")) || (key5 === "groups"))){
const err37 = {instancePath:instancePath+"/breakglass/principals",schemaPath:"#/properties/breakglass/properties/principals/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
if(data20.principals !== undefined){
let data21 = data20.principals;
const _errs45 = errors;
const _errs46 = errors;
if(Array.isArray(data21)){
let valid22 = true;
const len5 = data21.length;
for(let i10=0; i10<len5; i10++){
let data22 = data21[i10];
const _errs47 = errors;
const _errs48 = errors;
if(typeof data22 === "string"){
if(func3(data22) < 1){
const err38 = {instancePath:instancePath+"/breakglass/principals/principals/" + i10,schemaPath:"#/properties/breakglass/properties/principals/properties/principals/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
else {
const err39 = {instancePath:instancePath+"/breakglass/principals/principals/" + i10,schemaPath:"#/properties/breakglass/properties/principals/properties/principals/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
var valid21 = _errs47 === errors;
if(!valid21){
valid22 = false;
}
}
let valid23;
let i11 = data21.length;
let j5;
valid23 = true;
if(i11 > 1){
const indices3 = {};
for(;i11--;){
let item3 = data21[i11];
if(typeof item3 !== "string"){
continue;
}
if(typeof indices3[item3] == "number"){
j5 = indices3[item3];
const err40 = {instancePath:instancePath+"/breakglass/principals/principals",schemaPath:"#/properties/breakglass/properties/principals/properties/principals/uniqueItems",keyword:"uniqueItems",params:{i: i11, j: j5},message:"must NOT have duplicate items (items ## "+j5+" and "+i11+" are identical)"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
valid23 = false;
break;
}
indices3[item3] = i11;
}
}
}
else {
const err41 = {instancePath:instancePath+"/breakglass/principals/principals",schemaPath:"#/properties/breakglass/properties/principals/properties/principals/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var valid20 = _errs45 === errors;
}
if(data20.objectIds !== undefined){
let data23 = data20.objectIds;
const _errs49 = errors;
const _errs50 = errors;
if(Array.isArray(data23)){
let valid25 = true;
const len6 = data23.length;
for(let i12=0; i12<len6; i12++){
let data24 = data23[i12];
const _errs51 = errors;
const _errs52 = errors;
if(typeof data24 === "string"){
if(func3(data24) < 1){
const err42 = {instancePath:instancePath+"/breakglass/principals/objectIds/" + i12,schemaPath:"#/properties/breakglass/properties/principals/properties/objectIds/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/breakglass/principals/objectIds/" + i12,schemaPath:"#/properties/breakglass/properties/principals/properties/objectIds/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
var valid24 = _errs51 === errors;
if(!valid24){
valid25 = false;
}
}
let valid26;
let i13 = data23.length;
let j6;
valid26 = true;
if(i13 > 1){
const indices4 = {};
for(;i13--;){
let item4 = data23[i13];
if(typeof item4 !== "string"){
continue;
}
if(typeof indices4[item4] == "number"){
j6 = indices4[item4];
const err44 = {instancePath:instancePath+"/breakglass/principals/objectIds",schemaPath:"#/properties/breakglass/properties/principals/properties/objectIds/uniqueItems",keyword:"uniqueItems",params:{i: i13, j: j6},message:"must NOT have duplicate items (items ## "+j6+" and "+i13+" are identical)"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
valid26 = false;
break;
}
indices4[item4] = i13;
}
}
}
else {
const err45 = {instancePath:instancePath+"/breakglass/principals/objectIds",schemaPath:"#/properties/breakglass/properties/principals/properties/objectIds/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
var valid20 = _errs49 === errors;
}
if(data20.groups !== undefined){
let data25 = data20.groups;
const _errs53 = errors;
const _errs54 = errors;
if(Array.isArray(data25)){
let valid28 = true;
const len7 = data25.length;
for(let i14=0; i14<len7; i14++){
let data26 = data25[i14];
const _errs55 = errors;
const _errs56 = errors;
if(typeof data26 === "string"){
if(func3(data26) < 1){
const err46 = {instancePath:instancePath+"/breakglass/principals/groups/" + i14,schemaPath:"#/properties/breakglass/properties/principals/properties/groups/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
else {
const err47 = {instancePath:instancePath+"/breakglass/principals/groups/" + i14,schemaPath:"#/properties/breakglass/properties/principals/properties/groups/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
var valid27 = _errs55 === errors;
if(!valid27){
valid28 = false;
}
}
let valid29;
let i15 = data25.length;
let j7;
valid29 = true;
if(i15 > 1){
const indices5 = {};
for(;i15--;){
let item5 = data25[i15];
if(typeof item5 !== "string"){
continue;
}
if(typeof indices5[item5] == "number"){
j7 = indices5[item5];
const err48 = {instancePath:instancePath+"/breakglass/principals/groups",schemaPath:"#/properties/breakglass/properties/principals/properties/groups/uniqueItems",keyword:"uniqueItems",params:{i: i15, j: j7},message:"must NOT have duplicate items (items ## "+j7+" and "+i15+" are identical)"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
valid29 = false;
break;
}
indices5[item5] = i15;
}
}
}
else {
const err49 = {instancePath:instancePath+"/breakglass/principals/groups",schemaPath:"#/properties/breakglass/properties/principals/properties/groups/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
var valid20 = _errs53 === errors;
}
}
else {
const err50 = {instancePath:instancePath+"/breakglass/principals",schemaPath:"#/properties/breakglass/properties/principals/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
var valid19 = _errs42 === errors;
}
if(data18.ttl !== undefined){
let data27 = data18.ttl;
const _errs57 = errors;
const _errs58 = errors;
if(typeof data27 === "string"){
if(!pattern12.test(data27)){
const err51 = {instancePath:instancePath+"/breakglass/ttl",schemaPath:"#/properties/breakglass/properties/ttl/pattern",keyword:"pattern",params:{pattern: "^[1-9][0-9]*(m|h|d)$"},message:"must match pattern \""+"^[1-9][0-9]*(m|h|d)$"+"\""};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
}
else {
const err52 = {instancePath:instancePath+"/breakglass/ttl",schemaPath:"#/properties/breakglass/properties/ttl/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
var valid19 = _errs57 === errors;
}
}
else {
const err53 = {instancePath:instancePath+"/breakglass",schemaPath:"#/properties/breakglass/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
var valid0 = _errs37 === errors;
}
if(data.ci !== undefined){
let data28 = data.ci;
const _errs59 = errors;
const _errs60 = errors;
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
const _errs61 = errors;
for(const key6 in data28){
if(!(key6 === "trustedIssuers")){
const err54 = {instancePath:instancePath+"/ci",schemaPath:"#/properties/ci/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
}
if(data28.trustedIssuers !== undefined){
let data29 = data28.trustedIssuers;
const _errs62 = errors;
const _errs63 = errors;
if(Array.isArray(data29)){
let valid32 = true;
const len8 = data29.length;
for(let i16=0; i16<len8; i16++){
let data30 = data29[i16];
const _errs64 = errors;
const _errs65 = errors;
if(data30 && typeof data30 == "object" && !Array.isArray(data30)){
if(data30.issuer === undefined){
const err55 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16,schemaPath:"#/properties/ci/properties/trustedIssuers/items/required",keyword:"required",params:{missingProperty: "issuer"},message:"must have required property '"+"issuer"+"'"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
if(data30.jwksUri === undefined){
const err56 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16,schemaPath:"#/properties/ci/properties/trustedIssuers/items/required",keyword:"required",params:{missingProperty: "jwksUri"},message:"must have required property '"+"jwksUri"+"'"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
const _errs66 = errors;
for(const key7 in data30){
if(!((key7 === "issuer") || (key7 === "jwksUri"))){
const err57 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16,schemaPath:"#/properties/ci/properties/trustedIssuers/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data30.issuer !== undefined){
let data31 = data30.issuer;
const _errs67 = errors;
const _errs68 = errors;
if((typeof data31 == "number") && (isFinite(data31))){
}
if(typeof data31 === "string"){
if(!pattern14.test(data31)){
const err58 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16+"/issuer",schemaPath:"#/properties/ci/properties/trustedIssuers/items/properties/issuer/pattern",keyword:"pattern",params:{pattern: "^https://"},message:"must match pattern \""+"^https://"+"\""};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
if(!(formats8(data31))){
const err59 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16+"/issuer",schemaPath:"#/properties/ci/properties/trustedIssuers/items/properties/issuer/format",keyword:"format",params:{format: "uri"},message:"must match format \""+"uri"+"\""};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
else {
const err60 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16+"/issuer",schemaPath:"#/properties/ci/properties/trustedIssuers/items/properties/issuer/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
var valid33 = _errs67 === errors;
}
if(data30.jwksUri !== undefined){
let data32 = data30.jwksUri;
const _errs69 = errors;
const _errs70 = errors;
if((typeof data32 == "number") && (isFinite(data32))){
}
if(typeof data32 === "string"){
if(!pattern14.test(data32)){
const err61 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16+"/jwksUri",schemaPath:"#/properties/ci/properties/trustedIssuers/items/properties/jwksUri/pattern",keyword:"pattern",params:{pattern: "^https://"},message:"must match pattern \""+"^https://"+"\""};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(!(formats8(data32))){
const err62 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16+"/jwksUri",schemaPath:"#/properties/ci/properties/trustedIssuers/items/properties/jwksUri/format",keyword:"format",params:{format: "uri"},message:"must match format \""+"uri"+"\""};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
}
else {
const err63 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16+"/jwksUri",schemaPath:"#/properties/ci/properties/trustedIssuers/items/properties/jwksUri/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
var valid33 = _errs69 === errors;
}
}
else {
const err64 = {instancePath:instancePath+"/ci/trustedIssuers/" + i16,schemaPath:"#/properties/ci/properties/trustedIssuers/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
var valid31 = _errs64 === errors;
if(!valid31){
valid32 = false;
}
}
}
else {
const err65 = {instancePath:instancePath+"/ci/trustedIssuers",schemaPath:"#/properties/ci/properties/trustedIssuers/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
var valid30 = _errs62 === errors;
}
}
else {
const err66 = {instancePath:instancePath+"/ci",schemaPath:"#/properties/ci/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
var valid0 = _errs59 === errors;
}
if(data.evidence !== undefined){
let data33 = data.evidence;
const _errs71 = errors;
const _errs72 = errors;
if(data33 && typeof data33 == "object" && !Array.isArray(data33)){
const _errs73 = errors;
for(const key8 in data33){
if(!(((((((key8 === "enforcement") || (key8 === "metrics")) || (key8 === "modelCard")) || (key8 === "scan")) || (key8 === "license")) || (key8 === "environments")) || (key8 === "championChallenger"))){
const err67 = {instancePath:instancePath+"/evidence",schemaPath:"#/properties/evidence/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
if(data33.enforcement !== undefined){
let data34 = data33.enforcement;
const _errs74 = errors;
const vSchema3 = schema17.properties.evidence.properties.enforcement.enum;
if(!((data34 === "enforce") || (data34 === "audit"))){
const err68 = {instancePath:instancePath+"/evidence/enforcement",schemaPath:"#/properties/evidence/properties/enforcement/enum",keyword:"enum",params:{allowedValues: schema17.properties.evidence.properties.enforcement.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
var valid34 = _errs74 === errors;
}
if(data33.metrics !== undefined){
let data35 = data33.metrics;
const _errs75 = errors;
const _errs76 = errors;
if(Array.isArray(data35)){
let valid36 = true;
const len9 = data35.length;
for(let i17=0; i17<len9; i17++){
let data36 = data35[i17];
const _errs77 = errors;
const _errs78 = errors;
if(typeof data36 === "string"){
if(func3(data36) < 1){
const err69 = {instancePath:instancePath+"/evidence/metrics/" + i17,schemaPath:"#/properties/evidence/properties/metrics/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
else {
const err70 = {instancePath:instancePath+"/evidence/metrics/" + i17,schemaPath:"#/properties/evidence/properties/metrics/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
var valid35 = _errs77 === errors;
if(!valid35){
valid36 = false;
}
}
let valid37;
let i18 = data35.length;
let j8;
valid37 = true;
if(i18 > 1){
const indices6 = {};
for(;i18--;){
let item6 = data35[i18];
if(typeof item6 !== "string"){
continue;
}
if(typeof indices6[item6] == "number"){
j8 = indices6[item6];
const err71 = {instancePath:instancePath+"/evidence/metrics",schemaPath:"#/properties/evidence/properties/metrics/uniqueItems",keyword:"uniqueItems",params:{i: i18, j: j8},message:"must NOT have duplicate items (items ## "+j8+" and "+i18+" are identical)"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
valid37 = false;
break;
}
indices6[item6] = i18;
}
}
}
else {
const err72 = {instancePath:instancePath+"/evidence/metrics",schemaPath:"#/properties/evidence/properties/metrics/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
var valid34 = _errs75 === errors;
}
if(data33.modelCard !== undefined){
let data37 = data33.modelCard;
const _errs79 = errors;
const _errs80 = errors;
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
const _errs81 = errors;
for(const key9 in data37){
if(!(((key9 === "required") || (key9 === "file")) || (key9 === "fields"))){
const err73 = {instancePath:instancePath+"/evidence/modelCard",schemaPath:"#/properties/evidence/properties/modelCard/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
if(data37.required !== undefined){
let data38 = data37.required;
const _errs82 = errors;
if(typeof data38 !== "boolean"){
const err74 = {instancePath:instancePath+"/evidence/modelCard/required",schemaPath:"#/properties/evidence/properties/modelCard/properties/required/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
const _errs83 = errors;
var valid38 = _errs82 === errors;
}
if(data37.file !== undefined){
let data39 = data37.file;
const _errs84 = errors;
const _errs85 = errors;
if(typeof data39 === "string"){
if(func3(data39) < 1){
const err75 = {instancePath:instancePath+"/evidence/modelCard/file",schemaPath:"#/properties/evidence/properties/modelCard/properties/file/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
else {
const err76 = {instancePath:instancePath+"/evidence/modelCard/file",schemaPath:"#/properties/evidence/properties/modelCard/properties/file/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
var valid38 = _errs84 === errors;
}
if(data37.fields !== undefined){
let data40 = data37.fields;
const _errs86 = errors;
const _errs87 = errors;
if(Array.isArray(data40)){
let valid40 = true;
const len10 = data40.length;
for(let i19=0; i19<len10; i19++){
let data41 = data40[i19];
const _errs88 = errors;
const _errs89 = errors;
if(typeof data41 === "string"){
if(func3(data41) < 1){
const err77 = {instancePath:instancePath+"/evidence/modelCard/fields/" + i19,schemaPath:"#/properties/evidence/properties/modelCard/properties/fields/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
else {
const err78 = {instancePath:instancePath+"/evidence/modelCard/fields/" + i19,schemaPath:"#/properties/evidence/properties/modelCard/properties/fields/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
var valid39 = _errs88 === errors;
if(!valid39){
valid40 = false;
}
}
let valid41;
let i20 = data40.length;
let j9;
valid41 = true;
if(i20 > 1){
const indices7 = {};
for(;i20--;){
let item7 = data40[i20];
if(typeof item7 !== "string"){
continue;
}
if(typeof indices7[item7] == "number"){
j9 = indices7[item7];
const err79 = {instancePath:instancePath+"/evidence/modelCard/fields",schemaPath:"#/properties/evidence/properties/modelCard/properties/fields/uniqueItems",keyword:"uniqueItems",params:{i: i20, j: j9},message:"must NOT have duplicate items (items ## "+j9+" and "+i20+" are identical)"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
valid41 = false;
break;
}
indices7[item7] = i20;
}
}
}
else {
const err80 = {instancePath:instancePath+"/evidence/modelCard/fields",schemaPath:"#/properties/evidence/properties/modelCard/properties/fields/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
var valid38 = _errs86 === errors;
}
}
else {
const err81 = {instancePath:instancePath+"/evidence/modelCard",schemaPath:"#/properties/evidence/properties/modelCard/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
var valid34 = _errs79 === errors;
}
if(data33.scan !== undefined){
let data42 = data33.scan;
const _errs90 = errors;
const _errs91 = errors;
if(data42 && typeof data42 == "object" && !Array.isArray(data42)){
const _errs92 = errors;
for(const key10 in data42){
if(!(((((key10 === "enabled") || (key10 === "extensions")) || (key10 === "allowedGlobals")) || (key10 === "deniedGlobals")) || (key10 === "unknownGlobals"))){
const err82 = {instancePath:instancePath+"/evidence/scan",schemaPath:"#/properties/evidence/properties/scan/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
}
if(data42.enabled !== undefined){
let data43 = data42.enabled;
const _errs93 = errors;
if(typeof data43 !== "boolean"){
const err83 = {instancePath:instancePath+"/evidence/scan/enabled",schemaPath:"#/properties/evidence/properties/scan/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
const _errs94 = errors;
var valid42 = _errs93 === errors;
}
if(data42.extensions !== undefined){
let data44 = data42.extensions;
const _errs95 = errors;
const _errs96 = errors;
if(Array.isArray(data44)){
let valid44 = true;
const len11 = data44.length;
for(let i21=0; i21<len11; i21++){
let data45 = data44[i21];
const _errs97 = errors;
const _errs98 = errors;
if(typeof data45 === "string"){
if(func3(data45) < 1){
const err84 = {instancePath:instancePath+"/evidence/scan/extensions/" + i21,schemaPath:"#/properties/evidence/properties/scan/properties/extensions/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
}
else {
const err85 = {instancePath:instancePath+"/evidence/scan/extensions/" + i21,schemaPath:"#/properties/evidence/properties/scan/properties/extensions/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
var valid43 = _errs97 === errors;
if(!valid43){
valid44 = false;
}
}
let valid45;
let i22 = data44.length;
let j10;
valid45 = true;
if(i22 > 1){
const indices8 = {};
for(;i22--;){
let item8 = data44[i22];
if(typeof item8 !== "string"){
continue;
}
if(typeof indices8[item8] == "number"){
j10 = indices8[item8];
const err86 = {instancePath:instancePath+"/evidence/scan/extensions",schemaPath:"#/properties/evidence/properties/scan/properties/extensions/uniqueItems",keyword:"uniqueItems",params:{i: i22, j: j10},message:"must NOT have duplicate items (items ## "+j10+" and "+i22+" are identical)"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
valid45 = false;
break;
}
indices8[item8] = i22;
}
}
}
else {
const err87 = {instancePath:instancePath+"/evidence/scan/extensions",schemaPath:"#/properties/evidence/properties/scan/properties/extensions/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
var valid42 = _errs95 === errors;
}
if(data42.allowedGlobals !== undefined){
let data46 = data42.allowedGlobals;
const _errs99 = errors;
const _errs100 = errors;
if(Array.isArray(data46)){
let valid47 = true;
const len12 = data46.length;
for(let i23=0; i23<len12; i23++){
let data47 = data46[i23];
const _errs101 = errors;
const _errs102 = errors;
if(typeof data47 === "string"){
if(func3(data47) < 1){
const err88 = {instancePath:instancePath+"/evidence/scan/allowedGlobals/" + i23,schemaPath:"#/properties/evidence/properties/scan/properties/allowedGlobals/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
else {
const err89 = {instancePath:instancePath+"/evidence/scan/allowedGlobals/" + i23,schemaPath:"#/properties/evidence/properties/scan/properties/allowedGlobals/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
var valid46 = _errs101 === errors;
if(!valid46){
valid47 = false;
}
}
let valid48;
let i24 = data46.length;
let j11;
valid48 = true;
if(i24 > 1){
const indices9 = {};
for(;i24--;){
let item9 = data46[i24];
if(typeof item9 !== "string"){
continue;
}
if(typeof indices9[item9] == "number"){
j11 = indices9[item9];
const err90 = {instancePath:instancePath+"/evidence/scan/allowedGlobals",schemaPath:"#/properties/evidence/properties/scan/properties/allowedGlobals/uniqueItems",keyword:"uniqueItems",params:{i: i24, j: j11},message:"must NOT have duplicate items (items ## "+j11+" and "+i24+" are identical)"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
valid48 = false;
break;
}
indices9[item9] = i24;
}
}
}
else {
const err91 = {instancePath:instancePath+"/evidence/scan/allowedGlobals",schemaPath:"#/properties/evidence/properties/scan/properties/allowedGlobals/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
var valid42 = _errs99 === errors;
}
if(data42.deniedGlobals !== undefined){
let data48 = data42.deniedGlobals;
const _errs103 = errors;
const _errs104 = errors;
if(Array.isArray(data48)){
let valid50 = true;
const len13 = data48.length;
for(let i25=0; i25<len13; i25++){
let data49 = data48[i25];
const _errs105 = errors;
const _errs106 = errors;
if(typeof data49 === "string"){
if(func3(data49) < 1){
const err92 = {instancePath:instancePath+"/evidence/scan/deniedGlobals/" + i25,schemaPath:"#/properties/evidence/properties/scan/properties/deniedGlobals/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
else {
const err93 = {instancePath:instancePath+"/evidence/scan/deniedGlobals/" + i25,schemaPath:"#/properties/evidence/properties/scan/properties/deniedGlobals/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
var valid49 = _errs105 === errors;
if(!valid49){
valid50 = false;
}
}
let valid51;
let i26 = data48.length;
let j12;
valid51 = true;
if(i26 > 1){
const indices10 = {};
for(;i26--;){
let item10 = data48[i26];
if(typeof item10 !== "string"){
continue;
}
if(typeof indices10[item10] == "number"){
j12 = indices10[item10];
const err94 = {instancePath:instancePath+"/evidence/scan/deniedGlobals",schemaPath:"#/properties/evidence/properties/scan/properties/deniedGlobals/uniqueItems",keyword:"uniqueItems",params:{i: i26, j: j12},message:"must NOT have duplicate items (items ## "+j12+" and "+i26+" are identical)"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
valid51 = false;
break;
}
indices10[item10] = i26;
}
}
}
else {
const err95 = {instancePath:instancePath+"/evidence/scan/deniedGlobals",schemaPath:"#/properties/evidence/properties/scan/properties/deniedGlobals/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
var valid42 = _errs103 === errors;
}
if(data42.unknownGlobals !== undefined){
let data50 = data42.unknownGlobals;
const _errs107 = errors;
const vSchema4 = schema17.properties.evidence.properties.scan.properties.unknownGlobals.enum;
if(!((data50 === "refuse") || (data50 === "allow"))){
const err96 = {instancePath:instancePath+"/evidence/scan/unknownGlobals",schemaPath:"#/properties/evidence/properties/scan/properties/unknownGlobals/enum",keyword:"enum",params:{allowedValues: schema17.properties.evidence.properties.scan.properties.unknownGlobals.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
var valid42 = _errs107 === errors;
}
}
else {
const err97 = {instancePath:instancePath+"/evidence/scan",schemaPath:"#/properties/evidence/properties/scan/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
var valid34 = _errs90 === errors;
}
if(data33.license !== undefined){
let data51 = data33.license;
const _errs108 = errors;
const _errs109 = errors;
if(data51 && typeof data51 == "object" && !Array.isArray(data51)){
if(data51.allowed === undefined){
const err98 = {instancePath:instancePath+"/evidence/license",schemaPath:"#/properties/evidence/properties/license/required",keyword:"required",params:{missingProperty: "allowed"},message:"must have required property '"+"allowed"+"'"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
const _errs110 = errors;
for(const key11 in data51){
if(!((key11 === "tag") || (key11 === "allowed"))){
const err99 = {instancePath:instancePath+"/evidence/license",schemaPath:"#/properties/evidence/properties/license/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
if(data51.tag !== undefined){
let data52 = data51.tag;
const _errs111 = errors;
const _errs112 = errors;
if(typeof data52 === "string"){
if(func3(data52) < 1){
const err100 = {instancePath:instancePath+"/evidence/license/tag",schemaPath:"#/properties/evidence/properties/license/properties/tag/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
else {
const err101 = {instancePath:instancePath+"/evidence/license/tag",schemaPath:"#/properties/evidence/properties/license/properties/tag/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
var valid52 = _errs111 === errors;
}
if(data51.allowed !== undefined){
let data53 = data51.allowed;
const _errs113 = errors;
const _errs114 = errors;
if(Array.isArray(data53)){
if(data53.length < 1){
const err102 = {instancePath:instancePath+"/evidence/license/allowed",schemaPath:"#/properties/evidence/properties/license/properties/allowed/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
let valid54 = true;
const len14 = data53.length;
for(let i27=0; i27<len14; i27++){
let data54 = data53[i27];
const _errs115 = errors;
const _errs116 = errors;
if(typeof data54 === "string"){
if(func3(data54) < 1){
const err103 = {instancePath:instancePath+"/evidence/license/allowed/" + i27,schemaPath:"#/properties/evidence/properties/license/properties/allowed/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
else {
const err104 = {instancePath:instancePath+"/evidence/license/allowed/" + i27,schemaPath:"#/properties/evidence/properties/license/properties/allowed/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
var valid53 = _errs115 === errors;
if(!valid53){
valid54 = false;
}
}
let valid55;
let i28 = data53.length;
let j13;
valid55 = true;
if(i28 > 1){
const indices11 = {};
for(;i28--;){
let item11 = data53[i28];
if(typeof item11 !== "string"){
continue;
}
if(typeof indices11[item11] == "number"){
j13 = indices11[item11];
const err105 = {instancePath:instancePath+"/evidence/license/allowed",schemaPath:"#/properties/evidence/properties/license/properties/allowed/uniqueItems",keyword:"uniqueItems",params:{i: i28, j: j13},message:"must NOT have duplicate items (items ## "+j13+" and "+i28+" are identical)"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
valid55 = false;
break;
}
indices11[item11] = i28;
}
}
}
else {
const err106 = {instancePath:instancePath+"/evidence/license/allowed",schemaPath:"#/properties/evidence/properties/license/properties/allowed/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
var valid52 = _errs113 === errors;
}
}
else {
const err107 = {instancePath:instancePath+"/evidence/license",schemaPath:"#/properties/evidence/properties/license/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
var valid34 = _errs108 === errors;
}
if(data33.environments !== undefined){
let data55 = data33.environments;
const _errs117 = errors;
const _errs118 = errors;
if(data55 && typeof data55 == "object" && !Array.isArray(data55)){
const _errs119 = errors;
for(const key12 in data55){
if(!((key12 === "pinnedByDigest") || (key12 === "builtImageDigestProperty"))){
const err108 = {instancePath:instancePath+"/evidence/environments",schemaPath:"#/properties/evidence/properties/environments/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
if(data55.pinnedByDigest !== undefined){
let data56 = data55.pinnedByDigest;
const _errs120 = errors;
if(typeof data56 !== "boolean"){
const err109 = {instancePath:instancePath+"/evidence/environments/pinnedByDigest",schemaPath:"#/properties/evidence/properties/environments/properties/pinnedByDigest/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
const _errs121 = errors;
var valid56 = _errs120 === errors;
}
if(data55.builtImageDigestProperty !== undefined){
let data57 = data55.builtImageDigestProperty;
const _errs122 = errors;
const _errs123 = errors;
if(typeof data57 === "string"){
if(func3(data57) < 1){
const err110 = {instancePath:instancePath+"/evidence/environments/builtImageDigestProperty",schemaPath:"#/properties/evidence/properties/environments/properties/builtImageDigestProperty/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
else {
const err111 = {instancePath:instancePath+"/evidence/environments/builtImageDigestProperty",schemaPath:"#/properties/evidence/properties/environments/properties/builtImageDigestProperty/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
var valid56 = _errs122 === errors;
}
}
else {
const err112 = {instancePath:instancePath+"/evidence/environments",schemaPath:"#/properties/evidence/properties/environments/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
var valid34 = _errs117 === errors;
}
if(data33.championChallenger !== undefined){
let data58 = data33.championChallenger;
const _errs124 = errors;
const _errs125 = errors;
if(data58 && typeof data58 == "object" && !Array.isArray(data58)){
const _errs126 = errors;
for(const key13 in data58){
if(!((key13 === "margin") || (key13 === "relativeMargin"))){
const err113 = {instancePath:instancePath+"/evidence/championChallenger",schemaPath:"#/properties/evidence/properties/championChallenger/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data58.margin !== undefined){
let data59 = data58.margin;
const _errs127 = errors;
const _errs128 = errors;
if((typeof data59 == "number") && (isFinite(data59))){
if(data59 < 0 || isNaN(data59)){
const err114 = {instancePath:instancePath+"/evidence/championChallenger/margin",schemaPath:"#/properties/evidence/properties/championChallenger/properties/margin/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
else {
const err115 = {instancePath:instancePath+"/evidence/championChallenger/margin",schemaPath:"#/properties/evidence/properties/championChallenger/properties/margin/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
var valid57 = _errs127 === errors;
}
if(data58.relativeMargin !== undefined){
let data60 = data58.relativeMargin;
const _errs129 = errors;
const _errs130 = errors;
if((typeof data60 == "number") && (isFinite(data60))){
if(data60 < 0 || isNaN(data60)){
const err116 = {instancePath:instancePath+"/evidence/championChallenger/relativeMargin",schemaPath:"#/properties/evidence/properties/championChallenger/properties/relativeMargin/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
}
else {
const err117 = {instancePath:instancePath+"/evidence/championChallenger/relativeMargin",schemaPath:"#/properties/evidence/properties/championChallenger/properties/relativeMargin/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
var valid57 = _errs129 === errors;
}
}
else {
const err118 = {instancePath:instancePath+"/evidence/championChallenger",schemaPath:"#/properties/evidence/properties/championChallenger/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
var valid34 = _errs124 === errors;
}
}
else {
const err119 = {instancePath:instancePath+"/evidence",schemaPath:"#/properties/evidence/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
var valid0 = _errs71 === errors;
}
}
else {
const err120 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
validate16.errors = vErrors;
return errors === 0;
}

exports.v840d60984cb4f6961e3d4dce2088780d = validate17;
const schema18 = {"type":"object","additionalProperties":false,"required":["version"],"properties":{"version":{"const":1},"people":{"type":["array","null"],"items":{"type":"object","additionalProperties":false,"required":["id","principals","keys"],"properties":{"id":{"type":"string","pattern":"^[a-z0-9][a-z0-9._-]{0,63}$"},"name":{"type":"string","minLength":1},"principals":{"type":"array","items":{"type":"string","minLength":1},"uniqueItems":true},"github":{"type":"string","pattern":"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"},"validUntil":{"type":"string","format":"date-time"},"keys":{"type":"array","minItems":1,"items":{"oneOf":[{"type":"object","additionalProperties":false,"required":["ssh"],"properties":{"ssh":{"type":"string","minLength":1}}},{"type":"object","additionalProperties":false,"required":["webauthn"],"properties":{"webauthn":{"type":"object","additionalProperties":false,"required":["credentialId","publicKey","rpId","origins"],"properties":{"credentialId":{"type":"string","pattern":"^[A-Za-z0-9_-]+$"},"publicKey":{"type":"string","pattern":"^[A-Za-z0-9_-]+$"},"rpId":{"type":"string","minLength":1},"origins":{"type":"array","minItems":1,"items":{"type":"string","pattern":"^https?://[^/]+$"}}}}}}]}}}}}}};
const pattern16 = new RegExp("^[a-z0-9][a-z0-9._-]{0,63}$", "u");
const pattern17 = new RegExp("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$", "u");
const pattern18 = new RegExp("^[A-Za-z0-9_-]+$", "u");
const pattern20 = new RegExp("^https?://[^/]+$", "u");

function validate17(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.version === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!((key0 === "version") || (key0 === "people"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.version !== undefined){
let data0 = data.version;
const _errs2 = errors;
if(1 !== data0){
const err2 = {instancePath:instancePath+"/version",schemaPath:"#/properties/version/const",keyword:"const",params:{allowedValue: 1},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var valid0 = _errs2 === errors;
}
if(data.people !== undefined){
let data1 = data.people;
const _errs3 = errors;
if((!(Array.isArray(data1))) && (data1 !== null)){
const err3 = {instancePath:instancePath+"/people",schemaPath:"#/properties/people/type",keyword:"type",params:{type: schema18.properties.people.type},message:"must be array,null"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs4 = errors;
if(Array.isArray(data1)){
let valid2 = true;
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
let data2 = data1[i0];
const _errs5 = errors;
const _errs6 = errors;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
if(data2.id === undefined){
const err4 = {instancePath:instancePath+"/people/" + i0,schemaPath:"#/properties/people/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data2.principals === undefined){
const err5 = {instancePath:instancePath+"/people/" + i0,schemaPath:"#/properties/people/items/required",keyword:"required",params:{missingProperty: "principals"},message:"must have required property '"+"principals"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data2.keys === undefined){
const err6 = {instancePath:instancePath+"/people/" + i0,schemaPath:"#/properties/people/items/required",keyword:"required",params:{missingProperty: "keys"},message:"must have required property '"+"keys"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
const _errs7 = errors;
for(const key1 in data2){
if(!((((((key1 === "id") || (key1 === "name")) || (key1 === "principals")) || (key1 === "github")) || (key1 === "validUntil")) || (key1 === "keys"))){
const err7 = {instancePath:instancePath+"/people/" + i0,schemaPath:"#/properties/people/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data2.id !== undefined){
let data3 = data2.id;
const _errs8 = errors;
const _errs9 = errors;
if(typeof data3 === "string"){
if(!pattern16.test(data3)){
const err8 = {instancePath:instancePath+"/people/" + i0+"/id",schemaPath:"#/properties/people/items/properties/id/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9][a-z0-9._-]{0,63}$"},message:"must match pattern \""+"^[a-z0-9][a-z0-9._-]{0,63}$"+"\""};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
else {
const err9 = {instancePath:instancePath+"/people/" + i0+"/id",schemaPath:"#/properties/people/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var valid3 = _errs8 === errors;
}
if(data2.name !== undefined){
let data4 = data2.name;
const _errs10 = errors;
const _errs11 = errors;
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err10 = {instancePath:instancePath+"/people/" + i0+"/name",schemaPath:"#/properties/people/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
else {
const err11 = {instancePath:instancePath+"/people/" + i0+"/name",schemaPath:"#/properties/people/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
var valid3 = _errs10 === errors;
}
if(data2.principals !== undefined){
let data5 = data2.principals;
const _errs12 = errors;
const _errs13 = errors;
if(Array.isArray(data5)){
let valid5 = true;
const len1 = data5.length;
for(let i1=0; i1<len1; i1++){
let data6 = data5[i1];
const _errs14 = errors;
const _errs15 = errors;
if(typeof data6 === "string"){
if(func3(data6) < 1){
const err12 = {instancePath:instancePath+"/people/" + i0+"/principals/" + i1,schemaPath:"#/properties/people/items/properties/principals/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/people/" + i0+"/principals/" + i1,schemaPath:"#/properties/people/items/properties/principals/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var valid4 = _errs14 === errors;
if(!valid4){
valid5 = false;
}
}
let valid6;
let i2 = data5.length;
let j0;
valid6 = true;
if(i2 > 1){
const indices0 = {};
for(;i2--;){
let item0 = data5[i2];
if(typeof item0 !== "string"){
continue;
}
if(typeof indices0[item0] == "number"){
j0 = indices0[item0];
const err14 = {instancePath:instancePath+"/people/" + i0+"/principals",schemaPath:"#/properties/people/items/properties/principals/uniqueItems",keyword:"uniqueItems",params:{i: i2, j: j0},message:"must NOT have duplicate items (items ## "+j0+" and "+i2+" are identical)"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
valid6 = false;
break;
}
indices0[item0] = i2;
}
}
}
else {
const err15 = {instancePath:instancePath+"/people/" + i0+"/principals",schemaPath:"#/properties/people/items/properties/principals/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var valid3 = _errs12 === errors;
}
if(data2.github !== undefined){
let data7 = data2.github;
const _errs16 = errors;
const _errs17 = errors;
if(typeof data7 === "string"){
if(!pattern17.test(data7)){
const err16 = {instancePath:instancePath+"/people/" + i0+"/github",schemaPath:"#/properties/people/items/properties/github/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"},message:"must match pattern \""+"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"+"\""};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/people/" + i0+"/github",schemaPath:"#/properties/people/items/properties/github/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var valid3 = _errs16 === errors;
}
if(data2.validUntil !== undefined){
let data8 = data2.validUntil;
const _errs18 = errors;
const _errs19 = errors;
if((typeof data8 == "number") && (isFinite(data8))){
}
if(typeof data8 === "string"){
if(!(formats0.validate(data8))){
const err18 = {instancePath:instancePath+"/people/" + i0+"/validUntil",schemaPath:"#/properties/people/items/properties/validUntil/format",keyword:"format",params:{format: "date-time"},message:"must match format \""+"date-time"+"\""};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/people/" + i0+"/validUntil",schemaPath:"#/properties/people/items/properties/validUntil/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var valid3 = _errs18 === errors;
}
if(data2.keys !== undefined){
let data9 = data2.keys;
const _errs20 = errors;
const _errs21 = errors;
if(Array.isArray(data9)){
if(data9.length < 1){
const err20 = {instancePath:instancePath+"/people/" + i0+"/keys",schemaPath:"#/properties/people/items/properties/keys/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
let valid8 = true;
const len2 = data9.length;
for(let i3=0; i3<len2; i3++){
let data10 = data9[i3];
const _errs22 = errors;
const _errs23 = errors;
let valid9 = false;
let passing0 = null;
const _errs24 = errors;
const _errs25 = errors;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.ssh === undefined){
const err21 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/0/required",keyword:"required",params:{missingProperty: "ssh"},message:"must have required property '"+"ssh"+"'"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
const _errs26 = errors;
for(const key2 in data10){
if(!(key2 === "ssh")){
const err22 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/0/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data10.ssh !== undefined){
let data11 = data10.ssh;
const _errs27 = errors;
const _errs28 = errors;
if(typeof data11 === "string"){
if(func3(data11) < 1){
const err23 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/ssh",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/0/properties/ssh/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/ssh",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/0/properties/ssh/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var valid10 = _errs27 === errors;
}
}
else {
const err25 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/0/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid0 = _errs24 === errors;
if(_valid0){
valid9 = true;
passing0 = 0;
}
const _errs29 = errors;
const _errs30 = errors;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
if(data10.webauthn === undefined){
const err26 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/required",keyword:"required",params:{missingProperty: "webauthn"},message:"must have required property '"+"webauthn"+"'"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
const _errs31 = errors;
for(const key3 in data10){
if(!(key3 === "webauthn")){
const err27 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data10.webauthn !== undefined){
let data12 = data10.webauthn;
const _errs32 = errors;
const _errs33 = errors;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
if(data12.credentialId === undefined){
const err28 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/required",keyword:"required",params:{missingProperty: "credentialId"},message:"must have required property '"+"credentialId"+"'"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(data12.publicKey === undefined){
const err29 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/required",keyword:"required",params:{missingProperty: "publicKey"},message:"must have required property '"+"publicKey"+"'"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
if(data12.rpId === undefined){
const err30 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/required",keyword:"required",params:{missingProperty: "rpId"},message:"must have required property '"+"rpId"+"'"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if(data12.origins === undefined){
const err31 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/required",keyword:"required",params:{missingProperty: "origins"},message:"must have required property '"+"origins"+"'"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
const _errs34 = errors;
for(const key4 in data12){
if(!((((key4 === "credentialId") || (key4 === "publicKey")) || (key4 === "rpId")) || (key4 === "origins"))){
const err32 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data12.credentialId !== undefined){
let data13 = data12.credentialId;
const _errs35 = errors;
const _errs36 = errors;
if(typeof data13 === "string"){
if(!pattern18.test(data13)){
const err33 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/credentialId",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/credentialId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
else {
const err34 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/credentialId",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/credentialId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
var valid12 = _errs35 === errors;
}
if(data12.publicKey !== undefined){
let data14 = data12.publicKey;
const _errs37 = errors;
const _errs38 = errors;
if(typeof data14 === "string"){
if(!pattern18.test(data14)){
const err35 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/publicKey",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/publicKey/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
else {
const err36 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/publicKey",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/publicKey/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
var valid12 = _errs37 === errors;
}
if(data12.rpId !== undefined){
let data15 = data12.rpId;
const _errs39 = errors;
const _errs40 = errors;
if(typeof data15 === "string"){
if(func3(data15) < 1){
const err37 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/rpId",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/rpId/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
else {
const err38 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/rpId",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/rpId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
var valid12 = _errs39 === errors;
}
if(data12.origins !== undefined){
let data16 = data12.origins;
const _errs41 = errors;
const _errs42 = errors;
if(Array.isArray(data16)){
if(data16.length < 1){
const err39 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/origins",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/origins/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
let valid14 = true;
const len3 = data16.length;
for(let i4=0; i4<len3; i4++){
let data17 = data16[i4];
const _errs43 = errors;
const _errs44 = errors;
if(typeof data17 === "string"){
if(!pattern20.test(data17)){
const err40 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/origins/" + i4,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/origins/items/pattern",keyword:"pattern",params:{pattern: "^https?://[^/]+$"},message:"must match pattern \""+"^https?://[^/]+$"+"\""};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/origins/" + i4,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/origins/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var valid13 = _errs43 === errors;
if(!valid13){
valid14 = false;
}
}
}
else {
const err42 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn/origins",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/properties/origins/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
var valid12 = _errs41 === errors;
}
}
else {
const err43 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3+"/webauthn",schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/properties/webauthn/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
var valid11 = _errs32 === errors;
}
}
else {
const err44 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3,schemaPath:"#/properties/people/items/properties/keys/items/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
var _valid0 = _errs29 === errors;
if(_valid0 && valid9){
valid9 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid9 = true;
passing0 = 1;
}
}
if(!valid9){
const err45 = {instancePath:instancePath+"/people/" + i0+"/keys/" + i3,schemaPath:"#/properties/people/items/properties/keys/items/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
else {
errors = _errs23;
if(vErrors !== null){
if(_errs23){
vErrors.length = _errs23;
}
else {
vErrors = null;
}
}
}
var valid7 = _errs22 === errors;
if(!valid7){
valid8 = false;
}
}
}
else {
const err46 = {instancePath:instancePath+"/people/" + i0+"/keys",schemaPath:"#/properties/people/items/properties/keys/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
var valid3 = _errs20 === errors;
}
}
else {
const err47 = {instancePath:instancePath+"/people/" + i0,schemaPath:"#/properties/people/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
var valid1 = _errs5 === errors;
if(!valid1){
valid2 = false;
}
}
}
var valid0 = _errs3 === errors;
}
}
else {
const err48 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
validate17.errors = vErrors;
return errors === 0;
}

exports.vc0b1d3739653fbf1a86bdfbfe41d5db8 = validate18;
const schema19 = {"type":"object","additionalProperties":false,"required":["name"],"properties":{"$schema":{"type":"string"},"name":{"type":"string"},"version":{},"description":{"type":"string"},"tags":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"properties":{"type":"object","additionalProperties":{"type":["string","number","boolean"]}},"image":{"type":"string"},"conda_file":{"type":["string","object"]},"build":{"type":"object","additionalProperties":false,"required":["path"],"properties":{"path":{"type":"string"},"dockerfile_path":{"type":"string"}}},"os_type":{"enum":["linux","windows"]},"inference_config":{"type":"object","additionalProperties":false,"properties":{"liveness_route":{"type":"object","additionalProperties":false,"required":["path","port"],"properties":{"path":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535}}},"readiness_route":{"type":"object","additionalProperties":false,"required":["path","port"],"properties":{"path":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535}}},"scoring_route":{"type":"object","additionalProperties":false,"required":["path","port"],"properties":{"path":{"type":"string"},"port":{"type":"integer","minimum":1,"maximum":65535}}}}}}};

function validate18(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.name === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!(func2.call(schema19.properties, key0))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.$schema !== undefined){
let data0 = data.$schema;
const _errs2 = errors;
if(typeof data0 !== "string"){
const err2 = {instancePath:instancePath+"/$schema",schemaPath:"#/properties/%24schema/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
const _errs3 = errors;
var valid0 = _errs2 === errors;
}
if(data.name !== undefined){
let data1 = data.name;
const _errs4 = errors;
if(typeof data1 !== "string"){
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
const _errs5 = errors;
var valid0 = _errs4 === errors;
}
if(data.description !== undefined){
let data2 = data.description;
const _errs6 = errors;
if(typeof data2 !== "string"){
const err4 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
const _errs7 = errors;
var valid0 = _errs6 === errors;
}
if(data.tags !== undefined){
let data3 = data.tags;
const _errs8 = errors;
const _errs9 = errors;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
const _errs10 = errors;
for(const key1 in data3){
let data4 = data3[key1];
const _errs11 = errors;
if(((typeof data4 !== "string") && (!((typeof data4 == "number") && (isFinite(data4))))) && (typeof data4 !== "boolean")){
const err5 = {instancePath:instancePath+"/tags/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/tags/additionalProperties/type",keyword:"type",params:{type: schema19.properties.tags.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs12 = errors;
var valid1 = _errs11 === errors;
}
}
else {
const err6 = {instancePath:instancePath+"/tags",schemaPath:"#/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
var valid0 = _errs8 === errors;
}
if(data.properties !== undefined){
let data5 = data.properties;
const _errs13 = errors;
const _errs14 = errors;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
const _errs15 = errors;
for(const key2 in data5){
let data6 = data5[key2];
const _errs16 = errors;
if(((typeof data6 !== "string") && (!((typeof data6 == "number") && (isFinite(data6))))) && (typeof data6 !== "boolean")){
const err7 = {instancePath:instancePath+"/properties/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/properties/additionalProperties/type",keyword:"type",params:{type: schema19.properties.properties.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
const _errs17 = errors;
var valid2 = _errs16 === errors;
}
}
else {
const err8 = {instancePath:instancePath+"/properties",schemaPath:"#/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var valid0 = _errs13 === errors;
}
if(data.image !== undefined){
let data7 = data.image;
const _errs18 = errors;
if(typeof data7 !== "string"){
const err9 = {instancePath:instancePath+"/image",schemaPath:"#/properties/image/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
const _errs19 = errors;
var valid0 = _errs18 === errors;
}
if(data.conda_file !== undefined){
let data8 = data.conda_file;
const _errs20 = errors;
if((typeof data8 !== "string") && (!(data8 && typeof data8 == "object" && !Array.isArray(data8)))){
const err10 = {instancePath:instancePath+"/conda_file",schemaPath:"#/properties/conda_file/type",keyword:"type",params:{type: schema19.properties.conda_file.type},message:"must be string,object"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
const _errs21 = errors;
var valid0 = _errs20 === errors;
}
if(data.build !== undefined){
let data9 = data.build;
const _errs22 = errors;
const _errs23 = errors;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
if(data9.path === undefined){
const err11 = {instancePath:instancePath+"/build",schemaPath:"#/properties/build/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
const _errs24 = errors;
for(const key3 in data9){
if(!((key3 === "path") || (key3 === "dockerfile_path"))){
const err12 = {instancePath:instancePath+"/build",schemaPath:"#/properties/build/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data9.path !== undefined){
let data10 = data9.path;
const _errs25 = errors;
if(typeof data10 !== "string"){
const err13 = {instancePath:instancePath+"/build/path",schemaPath:"#/properties/build/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
const _errs26 = errors;
var valid3 = _errs25 === errors;
}
if(data9.dockerfile_path !== undefined){
let data11 = data9.dockerfile_path;
const _errs27 = errors;
if(typeof data11 !== "string"){
const err14 = {instancePath:instancePath+"/build/dockerfile_path",schemaPath:"#/properties/build/properties/dockerfile_path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
const _errs28 = errors;
var valid3 = _errs27 === errors;
}
}
else {
const err15 = {instancePath:instancePath+"/build",schemaPath:"#/properties/build/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var valid0 = _errs22 === errors;
}
if(data.os_type !== undefined){
let data12 = data.os_type;
const _errs29 = errors;
const vSchema0 = schema19.properties.os_type.enum;
if(!((data12 === "linux") || (data12 === "windows"))){
const err16 = {instancePath:instancePath+"/os_type",schemaPath:"#/properties/os_type/enum",keyword:"enum",params:{allowedValues: schema19.properties.os_type.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
var valid0 = _errs29 === errors;
}
if(data.inference_config !== undefined){
let data13 = data.inference_config;
const _errs30 = errors;
const _errs31 = errors;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
const _errs32 = errors;
for(const key4 in data13){
if(!(((key4 === "liveness_route") || (key4 === "readiness_route")) || (key4 === "scoring_route"))){
const err17 = {instancePath:instancePath+"/inference_config",schemaPath:"#/properties/inference_config/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data13.liveness_route !== undefined){
let data14 = data13.liveness_route;
const _errs33 = errors;
const _errs34 = errors;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(data14.path === undefined){
const err18 = {instancePath:instancePath+"/inference_config/liveness_route",schemaPath:"#/properties/inference_config/properties/liveness_route/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(data14.port === undefined){
const err19 = {instancePath:instancePath+"/inference_config/liveness_route",schemaPath:"#/properties/inference_config/properties/liveness_route/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
const _errs35 = errors;
for(const key5 in data14){
if(!((key5 === "path") || (key5 === "port"))){
const err20 = {instancePath:instancePath+"/inference_config/liveness_route",schemaPath:"#/properties/inference_config/properties/liveness_route/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data14.path !== undefined){
let data15 = data14.path;
const _errs36 = errors;
if(typeof data15 !== "string"){
const err21 = {instancePath:instancePath+"/inference_config/liveness_route/path",schemaPath:"#/properties/inference_config/properties/liveness_route/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
const _errs37 = errors;
var valid5 = _errs36 === errors;
}
if(data14.port !== undefined){
let data16 = data14.port;
const _errs38 = errors;
if(!(((typeof data16 == "number") && (!(data16 % 1) && !isNaN(data16))) && (isFinite(data16)))){
const err22 = {instancePath:instancePath+"/inference_config/liveness_route/port",schemaPath:"#/properties/inference_config/properties/liveness_route/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
const _errs39 = errors;
if((typeof data16 == "number") && (isFinite(data16))){
if(data16 > 65535 || isNaN(data16)){
const err23 = {instancePath:instancePath+"/inference_config/liveness_route/port",schemaPath:"#/properties/inference_config/properties/liveness_route/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(data16 < 1 || isNaN(data16)){
const err24 = {instancePath:instancePath+"/inference_config/liveness_route/port",schemaPath:"#/properties/inference_config/properties/liveness_route/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
var valid5 = _errs38 === errors;
}
}
else {
const err25 = {instancePath:instancePath+"/inference_config/liveness_route",schemaPath:"#/properties/inference_config/properties/liveness_route/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var valid4 = _errs33 === errors;
}
if(data13.readiness_route !== undefined){
let data17 = data13.readiness_route;
const _errs40 = errors;
const _errs41 = errors;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
if(data17.path === undefined){
const err26 = {instancePath:instancePath+"/inference_config/readiness_route",schemaPath:"#/properties/inference_config/properties/readiness_route/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(data17.port === undefined){
const err27 = {instancePath:instancePath+"/inference_config/readiness_route",schemaPath:"#/properties/inference_config/properties/readiness_route/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
const _errs42 = errors;
for(const key6 in data17){
if(!((key6 === "path") || (key6 === "port"))){
const err28 = {instancePath:instancePath+"/inference_config/readiness_route",schemaPath:"#/properties/inference_config/properties/readiness_route/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data17.path !== undefined){
let data18 = data17.path;
const _errs43 = errors;
if(typeof data18 !== "string"){
const err29 = {instancePath:instancePath+"/inference_config/readiness_route/path",schemaPath:"#/properties/inference_config/properties/readiness_route/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
const _errs44 = errors;
var valid6 = _errs43 === errors;
}
if(data17.port !== undefined){
let data19 = data17.port;
const _errs45 = errors;
if(!(((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19))) && (isFinite(data19)))){
const err30 = {instancePath:instancePath+"/inference_config/readiness_route/port",schemaPath:"#/properties/inference_config/properties/readiness_route/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
const _errs46 = errors;
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 > 65535 || isNaN(data19)){
const err31 = {instancePath:instancePath+"/inference_config/readiness_route/port",schemaPath:"#/properties/inference_config/properties/readiness_route/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
if(data19 < 1 || isNaN(data19)){
const err32 = {instancePath:instancePath+"/inference_config/readiness_route/port",schemaPath:"#/properties/inference_config/properties/readiness_route/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
var valid6 = _errs45 === errors;
}
}
else {
const err33 = {instancePath:instancePath+"/inference_config/readiness_route",schemaPath:"#/properties/inference_config/properties/readiness_route/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var valid4 = _errs40 === errors;
}
if(data13.scoring_route !== undefined){
let data20 = data13.scoring_route;
const _errs47 = errors;
const _errs48 = errors;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
if(data20.path === undefined){
const err34 = {instancePath:instancePath+"/inference_config/scoring_route",schemaPath:"#/properties/inference_config/properties/scoring_route/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
if(data20.port === undefined){
const err35 = {instancePath:instancePath+"/inference_config/scoring_route",schemaPath:"#/properties/inference_config/properties/scoring_route/required",keyword:"required",params:{missingProperty: "port"},message:"must have required property '"+"port"+"'"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
const _errs49 = errors;
for(const key7 in data20){
if(!((key7 === "path") || (key7 === "port"))){
const err36 = {instancePath:instancePath+"/inference_config/scoring_route",schemaPath:"#/properties/inference_config/properties/scoring_route/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
}
if(data20.path !== undefined){
let data21 = data20.path;
const _errs50 = errors;
if(typeof data21 !== "string"){
const err37 = {instancePath:instancePath+"/inference_config/scoring_route/path",schemaPath:"#/properties/inference_config/properties/scoring_route/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
const _errs51 = errors;
var valid7 = _errs50 === errors;
}
if(data20.port !== undefined){
let data22 = data20.port;
const _errs52 = errors;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err38 = {instancePath:instancePath+"/inference_config/scoring_route/port",schemaPath:"#/properties/inference_config/properties/scoring_route/properties/port/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
const _errs53 = errors;
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 > 65535 || isNaN(data22)){
const err39 = {instancePath:instancePath+"/inference_config/scoring_route/port",schemaPath:"#/properties/inference_config/properties/scoring_route/properties/port/maximum",keyword:"maximum",params:{comparison: "<=", limit: 65535},message:"must be <= 65535"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
if(data22 < 1 || isNaN(data22)){
const err40 = {instancePath:instancePath+"/inference_config/scoring_route/port",schemaPath:"#/properties/inference_config/properties/scoring_route/properties/port/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
var valid7 = _errs52 === errors;
}
}
else {
const err41 = {instancePath:instancePath+"/inference_config/scoring_route",schemaPath:"#/properties/inference_config/properties/scoring_route/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
var valid4 = _errs47 === errors;
}
}
else {
const err42 = {instancePath:instancePath+"/inference_config",schemaPath:"#/properties/inference_config/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
var valid0 = _errs30 === errors;
}
}
else {
const err43 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
validate18.errors = vErrors;
return errors === 0;
}

exports.ve49717b631831833f1c1567c73674c57 = validate19;
const schema20 = {"type":"object","additionalProperties":false,"required":["webauthn"],"properties":{"webauthn":{"type":"object","additionalProperties":false,"required":["credentialId","authenticatorData","clientDataJSON","signature"],"properties":{"credentialId":{"type":"string","pattern":"^[A-Za-z0-9_-]+$"},"authenticatorData":{"type":"string","pattern":"^[A-Za-z0-9_-]+$"},"clientDataJSON":{"type":"string","pattern":"^[A-Za-z0-9_-]+$"},"signature":{"type":"string","pattern":"^[A-Za-z0-9_-]+$"}}}}};

function validate19(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.webauthn === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "webauthn"},message:"must have required property '"+"webauthn"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!(key0 === "webauthn")){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.webauthn !== undefined){
let data0 = data.webauthn;
const _errs2 = errors;
const _errs3 = errors;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
if(data0.credentialId === undefined){
const err2 = {instancePath:instancePath+"/webauthn",schemaPath:"#/properties/webauthn/required",keyword:"required",params:{missingProperty: "credentialId"},message:"must have required property '"+"credentialId"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data0.authenticatorData === undefined){
const err3 = {instancePath:instancePath+"/webauthn",schemaPath:"#/properties/webauthn/required",keyword:"required",params:{missingProperty: "authenticatorData"},message:"must have required property '"+"authenticatorData"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data0.clientDataJSON === undefined){
const err4 = {instancePath:instancePath+"/webauthn",schemaPath:"#/properties/webauthn/required",keyword:"required",params:{missingProperty: "clientDataJSON"},message:"must have required property '"+"clientDataJSON"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data0.signature === undefined){
const err5 = {instancePath:instancePath+"/webauthn",schemaPath:"#/properties/webauthn/required",keyword:"required",params:{missingProperty: "signature"},message:"must have required property '"+"signature"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
const _errs4 = errors;
for(const key1 in data0){
if(!((((key1 === "credentialId") || (key1 === "authenticatorData")) || (key1 === "clientDataJSON")) || (key1 === "signature"))){
const err6 = {instancePath:instancePath+"/webauthn",schemaPath:"#/properties/webauthn/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data0.credentialId !== undefined){
let data1 = data0.credentialId;
const _errs5 = errors;
const _errs6 = errors;
if(typeof data1 === "string"){
if(!pattern18.test(data1)){
const err7 = {instancePath:instancePath+"/webauthn/credentialId",schemaPath:"#/properties/webauthn/properties/credentialId/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
else {
const err8 = {instancePath:instancePath+"/webauthn/credentialId",schemaPath:"#/properties/webauthn/properties/credentialId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
var valid1 = _errs5 === errors;
}
if(data0.authenticatorData !== undefined){
let data2 = data0.authenticatorData;
const _errs7 = errors;
const _errs8 = errors;
if(typeof data2 === "string"){
if(!pattern18.test(data2)){
const err9 = {instancePath:instancePath+"/webauthn/authenticatorData",schemaPath:"#/properties/webauthn/properties/authenticatorData/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
else {
const err10 = {instancePath:instancePath+"/webauthn/authenticatorData",schemaPath:"#/properties/webauthn/properties/authenticatorData/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
var valid1 = _errs7 === errors;
}
if(data0.clientDataJSON !== undefined){
let data3 = data0.clientDataJSON;
const _errs9 = errors;
const _errs10 = errors;
if(typeof data3 === "string"){
if(!pattern18.test(data3)){
const err11 = {instancePath:instancePath+"/webauthn/clientDataJSON",schemaPath:"#/properties/webauthn/properties/clientDataJSON/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/webauthn/clientDataJSON",schemaPath:"#/properties/webauthn/properties/clientDataJSON/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
var valid1 = _errs9 === errors;
}
if(data0.signature !== undefined){
let data4 = data0.signature;
const _errs11 = errors;
const _errs12 = errors;
if(typeof data4 === "string"){
if(!pattern18.test(data4)){
const err13 = {instancePath:instancePath+"/webauthn/signature",schemaPath:"#/properties/webauthn/properties/signature/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+$"+"\""};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/webauthn/signature",schemaPath:"#/properties/webauthn/properties/signature/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
var valid1 = _errs11 === errors;
}
}
else {
const err15 = {instancePath:instancePath+"/webauthn",schemaPath:"#/properties/webauthn/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
var valid0 = _errs2 === errors;
}
}
else {
const err16 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
validate19.errors = vErrors;
return errors === 0;
}

exports.vf0ebbed62c654edf3a6bd07b96912c97 = validate20;
const schema21 = {"type":"object","additionalProperties":false,"required":["format","subject","prodVersion","anchor","ledger","summary","lineage","policy"],"properties":{"format":{"const":"airlock.evidence-pack/1"},"subject":{"type":"object","additionalProperties":false,"required":["kind","name","version","key","digest","prodId"],"properties":{"kind":{"enum":["model","data","environment","component"]},"name":{"type":"string","minLength":1},"version":{"type":"string","minLength":1},"key":{"type":"string"},"digest":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},"prodId":{"type":"string"}}},"prodVersion":{"type":"object","additionalProperties":false,"required":["id","properties","tags"],"properties":{"id":{"type":"string"},"properties":{"type":"object","additionalProperties":{"type":"string"}},"tags":{"type":"object","additionalProperties":{"type":"string"}}}},"anchor":{"type":"object","additionalProperties":false,"required":["seq","hash"],"properties":{"seq":{"type":"integer","minimum":0},"hash":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"}}},"ledger":{"type":"object","additionalProperties":false,"required":["from","head","records"],"properties":{"from":{"type":"integer","minimum":1},"head":{"type":"object","additionalProperties":false,"required":["seq","hash"],"properties":{"seq":{"type":"integer","minimum":0},"hash":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"}}},"records":{"type":"array","minItems":1,"items":{"type":"object","additionalProperties":false,"required":["seq","id","at","type","actor","subject","data","prevHash","hash"],"properties":{"seq":{"type":"integer","minimum":1},"id":{"type":"string"},"at":{"type":"string"},"type":{"type":"string"},"actor":{"type":"object","required":["objectId","name","kind"],"properties":{"objectId":{"type":"string"},"name":{"type":"string"},"kind":{"type":"string"}}},"subject":{"type":"object","additionalProperties":{"type":"string"}},"data":{"type":"object"},"prevHash":{"type":"string"},"hash":{"type":"string"}}}}}},"summary":{"type":"object","additionalProperties":false,"required":["relevant","decisions","rollouts","evidence"],"properties":{"relevant":{"type":"array","items":{"type":"integer","minimum":1}},"decisions":{"type":"array"},"promotion":{"type":"object"},"rollouts":{"type":"array","items":{"type":"object","required":["changes"],"properties":{"changes":{"type":"array","items":{"type":"object","properties":{"after":{"type":"object","additionalProperties":{"type":"number"}}}}}}}},"evidence":{"type":"object","additionalProperties":{"type":"array","items":{"type":"integer","minimum":1}}}}},"lineage":{},"policy":{"type":"object","additionalProperties":false,"required":["source","sha256","text"],"properties":{"source":{"type":"string"},"sha256":{"type":"string","pattern":"^sha256:[0-9a-f]{64}$"},"text":{"type":"string"}}}}};

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.format === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "format"},message:"must have required property '"+"format"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.subject === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "subject"},message:"must have required property '"+"subject"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.prodVersion === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "prodVersion"},message:"must have required property '"+"prodVersion"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.anchor === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "anchor"},message:"must have required property '"+"anchor"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.ledger === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "ledger"},message:"must have required property '"+"ledger"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
if(data.summary === undefined){
const err5 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "summary"},message:"must have required property '"+"summary"+"'"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(data.lineage === undefined){
const err6 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "lineage"},message:"must have required property '"+"lineage"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data.policy === undefined){
const err7 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "policy"},message:"must have required property '"+"policy"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
const _errs1 = errors;
for(const key0 in data){
if(!((((((((key0 === "format") || (key0 === "subject")) || (key0 === "prodVersion")) || (key0 === "anchor")) || (key0 === "ledger")) || (key0 === "summary")) || (key0 === "lineage")) || (key0 === "policy"))){
const err8 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.format !== undefined){
let data0 = data.format;
const _errs2 = errors;
if("airlock.evidence-pack/1" !== data0){
const err9 = {instancePath:instancePath+"/format",schemaPath:"#/properties/format/const",keyword:"const",params:{allowedValue: "airlock.evidence-pack/1"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
var valid0 = _errs2 === errors;
}
if(data.subject !== undefined){
let data1 = data.subject;
const _errs3 = errors;
const _errs4 = errors;
if(data1 && typeof data1 == "object" && !Array.isArray(data1)){
if(data1.kind === undefined){
const err10 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
if(data1.name === undefined){
const err11 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(data1.version === undefined){
const err12 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/required",keyword:"required",params:{missingProperty: "version"},message:"must have required property '"+"version"+"'"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(data1.key === undefined){
const err13 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/required",keyword:"required",params:{missingProperty: "key"},message:"must have required property '"+"key"+"'"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
if(data1.digest === undefined){
const err14 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/required",keyword:"required",params:{missingProperty: "digest"},message:"must have required property '"+"digest"+"'"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(data1.prodId === undefined){
const err15 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/required",keyword:"required",params:{missingProperty: "prodId"},message:"must have required property '"+"prodId"+"'"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
const _errs5 = errors;
for(const key1 in data1){
if(!((((((key1 === "kind") || (key1 === "name")) || (key1 === "version")) || (key1 === "key")) || (key1 === "digest")) || (key1 === "prodId"))){
const err16 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data1.kind !== undefined){
let data2 = data1.kind;
const _errs6 = errors;
const vSchema0 = schema21.properties.subject.properties.kind.enum;
if(!((((data2 === "model") || (data2 === "data")) || (data2 === "environment")) || (data2 === "component"))){
const err17 = {instancePath:instancePath+"/subject/kind",schemaPath:"#/properties/subject/properties/kind/enum",keyword:"enum",params:{allowedValues: schema21.properties.subject.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
var valid1 = _errs6 === errors;
}
if(data1.name !== undefined){
let data3 = data1.name;
const _errs7 = errors;
const _errs8 = errors;
if(typeof data3 === "string"){
if(func3(data3) < 1){
const err18 = {instancePath:instancePath+"/subject/name",schemaPath:"#/properties/subject/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/subject/name",schemaPath:"#/properties/subject/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
var valid1 = _errs7 === errors;
}
if(data1.version !== undefined){
let data4 = data1.version;
const _errs9 = errors;
const _errs10 = errors;
if(typeof data4 === "string"){
if(func3(data4) < 1){
const err20 = {instancePath:instancePath+"/subject/version",schemaPath:"#/properties/subject/properties/version/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
else {
const err21 = {instancePath:instancePath+"/subject/version",schemaPath:"#/properties/subject/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
var valid1 = _errs9 === errors;
}
if(data1.key !== undefined){
let data5 = data1.key;
const _errs11 = errors;
if(typeof data5 !== "string"){
const err22 = {instancePath:instancePath+"/subject/key",schemaPath:"#/properties/subject/properties/key/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
const _errs12 = errors;
var valid1 = _errs11 === errors;
}
if(data1.digest !== undefined){
let data6 = data1.digest;
const _errs13 = errors;
const _errs14 = errors;
if(typeof data6 === "string"){
if(!pattern0.test(data6)){
const err23 = {instancePath:instancePath+"/subject/digest",schemaPath:"#/properties/subject/properties/digest/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/subject/digest",schemaPath:"#/properties/subject/properties/digest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var valid1 = _errs13 === errors;
}
if(data1.prodId !== undefined){
let data7 = data1.prodId;
const _errs15 = errors;
if(typeof data7 !== "string"){
const err25 = {instancePath:instancePath+"/subject/prodId",schemaPath:"#/properties/subject/properties/prodId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
const _errs16 = errors;
var valid1 = _errs15 === errors;
}
}
else {
const err26 = {instancePath:instancePath+"/subject",schemaPath:"#/properties/subject/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
var valid0 = _errs3 === errors;
}
if(data.prodVersion !== undefined){
let data8 = data.prodVersion;
const _errs17 = errors;
const _errs18 = errors;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
if(data8.id === undefined){
const err27 = {instancePath:instancePath+"/prodVersion",schemaPath:"#/properties/prodVersion/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(data8.properties === undefined){
const err28 = {instancePath:instancePath+"/prodVersion",schemaPath:"#/properties/prodVersion/required",keyword:"required",params:{missingProperty: "properties"},message:"must have required property '"+"properties"+"'"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if(data8.tags === undefined){
const err29 = {instancePath:instancePath+"/prodVersion",schemaPath:"#/properties/prodVersion/required",keyword:"required",params:{missingProperty: "tags"},message:"must have required property '"+"tags"+"'"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
const _errs19 = errors;
for(const key2 in data8){
if(!(((key2 === "id") || (key2 === "properties")) || (key2 === "tags"))){
const err30 = {instancePath:instancePath+"/prodVersion",schemaPath:"#/properties/prodVersion/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
if(data8.id !== undefined){
let data9 = data8.id;
const _errs20 = errors;
if(typeof data9 !== "string"){
const err31 = {instancePath:instancePath+"/prodVersion/id",schemaPath:"#/properties/prodVersion/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
const _errs21 = errors;
var valid2 = _errs20 === errors;
}
if(data8.properties !== undefined){
let data10 = data8.properties;
const _errs22 = errors;
const _errs23 = errors;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
const _errs24 = errors;
for(const key3 in data10){
let data11 = data10[key3];
const _errs25 = errors;
if(typeof data11 !== "string"){
const err32 = {instancePath:instancePath+"/prodVersion/properties/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/prodVersion/properties/properties/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
const _errs26 = errors;
var valid3 = _errs25 === errors;
}
}
else {
const err33 = {instancePath:instancePath+"/prodVersion/properties",schemaPath:"#/properties/prodVersion/properties/properties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var valid2 = _errs22 === errors;
}
if(data8.tags !== undefined){
let data12 = data8.tags;
const _errs27 = errors;
const _errs28 = errors;
if(data12 && typeof data12 == "object" && !Array.isArray(data12)){
const _errs29 = errors;
for(const key4 in data12){
let data13 = data12[key4];
const _errs30 = errors;
if(typeof data13 !== "string"){
const err34 = {instancePath:instancePath+"/prodVersion/tags/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/prodVersion/properties/tags/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
const _errs31 = errors;
var valid4 = _errs30 === errors;
}
}
else {
const err35 = {instancePath:instancePath+"/prodVersion/tags",schemaPath:"#/properties/prodVersion/properties/tags/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
var valid2 = _errs27 === errors;
}
}
else {
const err36 = {instancePath:instancePath+"/prodVersion",schemaPath:"#/properties/prodVersion/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
var valid0 = _errs17 === errors;
}
if(data.anchor !== undefined){
let data14 = data.anchor;
const _errs32 = errors;
const _errs33 = errors;
if(data14 && typeof data14 == "object" && !Array.isArray(data14)){
if(data14.seq === undefined){
const err37 = {instancePath:instancePath+"/anchor",schemaPath:"#/properties/anchor/required",keyword:"required",params:{missingProperty: "seq"},message:"must have required property '"+"seq"+"'"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(data14.hash === undefined){
const err38 = {instancePath:instancePath+"/anchor",schemaPath:"#/properties/anchor/required",keyword:"required",params:{missingProperty: "hash"},message:"must have required property '"+"hash"+"'"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
const _errs34 = errors;
for(const key5 in data14){
if(!((key5 === "seq") || (key5 === "hash"))){
const err39 = {instancePath:instancePath+"/anchor",schemaPath:"#/properties/anchor/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key5},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
if(data14.seq !== undefined){
let data15 = data14.seq;
const _errs35 = errors;
if(!(((typeof data15 == "number") && (!(data15 % 1) && !isNaN(data15))) && (isFinite(data15)))){
const err40 = {instancePath:instancePath+"/anchor/seq",schemaPath:"#/properties/anchor/properties/seq/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
const _errs36 = errors;
if((typeof data15 == "number") && (isFinite(data15))){
if(data15 < 0 || isNaN(data15)){
const err41 = {instancePath:instancePath+"/anchor/seq",schemaPath:"#/properties/anchor/properties/seq/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
var valid5 = _errs35 === errors;
}
if(data14.hash !== undefined){
let data16 = data14.hash;
const _errs37 = errors;
const _errs38 = errors;
if(typeof data16 === "string"){
if(!pattern0.test(data16)){
const err42 = {instancePath:instancePath+"/anchor/hash",schemaPath:"#/properties/anchor/properties/hash/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
else {
const err43 = {instancePath:instancePath+"/anchor/hash",schemaPath:"#/properties/anchor/properties/hash/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
var valid5 = _errs37 === errors;
}
}
else {
const err44 = {instancePath:instancePath+"/anchor",schemaPath:"#/properties/anchor/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
var valid0 = _errs32 === errors;
}
if(data.ledger !== undefined){
let data17 = data.ledger;
const _errs39 = errors;
const _errs40 = errors;
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
if(data17.from === undefined){
const err45 = {instancePath:instancePath+"/ledger",schemaPath:"#/properties/ledger/required",keyword:"required",params:{missingProperty: "from"},message:"must have required property '"+"from"+"'"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
if(data17.head === undefined){
const err46 = {instancePath:instancePath+"/ledger",schemaPath:"#/properties/ledger/required",keyword:"required",params:{missingProperty: "head"},message:"must have required property '"+"head"+"'"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
if(data17.records === undefined){
const err47 = {instancePath:instancePath+"/ledger",schemaPath:"#/properties/ledger/required",keyword:"required",params:{missingProperty: "records"},message:"must have required property '"+"records"+"'"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
const _errs41 = errors;
for(const key6 in data17){
if(!(((key6 === "from") || (key6 === "head")) || (key6 === "records"))){
const err48 = {instancePath:instancePath+"/ledger",schemaPath:"#/properties/ledger/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key6},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
}
if(data17.from !== undefined){
let data18 = data17.from;
const _errs42 = errors;
if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){
const err49 = {instancePath:instancePath+"/ledger/from",schemaPath:"#/properties/ledger/properties/from/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
const _errs43 = errors;
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 < 1 || isNaN(data18)){
const err50 = {instancePath:instancePath+"/ledger/from",schemaPath:"#/properties/ledger/properties/from/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
var valid6 = _errs42 === errors;
}
if(data17.head !== undefined){
let data19 = data17.head;
const _errs44 = errors;
const _errs45 = errors;
if(data19 && typeof data19 == "object" && !Array.isArray(data19)){
if(data19.seq === undefined){
const err51 = {instancePath:instancePath+"/ledger/head",schemaPath:"#/properties/ledger/properties/head/required",keyword:"required",params:{missingProperty: "seq"},message:"must have required property '"+"seq"+"'"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
if(data19.hash === undefined){
const err52 = {instancePath:instancePath+"/ledger/head",schemaPath:"#/properties/ledger/properties/head/required",keyword:"required",params:{missingProperty: "hash"},message:"must have required property '"+"hash"+"'"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
const _errs46 = errors;
for(const key7 in data19){
if(!((key7 === "seq") || (key7 === "hash"))){
const err53 = {instancePath:instancePath+"/ledger/head",schemaPath:"#/properties/ledger/properties/head/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
}
if(data19.seq !== undefined){
let data20 = data19.seq;
const _errs47 = errors;
if(!(((typeof data20 == "number") && (!(data20 % 1) && !isNaN(data20))) && (isFinite(data20)))){
const err54 = {instancePath:instancePath+"/ledger/head/seq",schemaPath:"#/properties/ledger/properties/head/properties/seq/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
const _errs48 = errors;
if((typeof data20 == "number") && (isFinite(data20))){
if(data20 < 0 || isNaN(data20)){
const err55 = {instancePath:instancePath+"/ledger/head/seq",schemaPath:"#/properties/ledger/properties/head/properties/seq/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
var valid7 = _errs47 === errors;
}
if(data19.hash !== undefined){
let data21 = data19.hash;
const _errs49 = errors;
const _errs50 = errors;
if(typeof data21 === "string"){
if(!pattern0.test(data21)){
const err56 = {instancePath:instancePath+"/ledger/head/hash",schemaPath:"#/properties/ledger/properties/head/properties/hash/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
else {
const err57 = {instancePath:instancePath+"/ledger/head/hash",schemaPath:"#/properties/ledger/properties/head/properties/hash/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
var valid7 = _errs49 === errors;
}
}
else {
const err58 = {instancePath:instancePath+"/ledger/head",schemaPath:"#/properties/ledger/properties/head/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
var valid6 = _errs44 === errors;
}
if(data17.records !== undefined){
let data22 = data17.records;
const _errs51 = errors;
const _errs52 = errors;
if(Array.isArray(data22)){
if(data22.length < 1){
const err59 = {instancePath:instancePath+"/ledger/records",schemaPath:"#/properties/ledger/properties/records/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
let valid9 = true;
const len0 = data22.length;
for(let i0=0; i0<len0; i0++){
let data23 = data22[i0];
const _errs53 = errors;
const _errs54 = errors;
if(data23 && typeof data23 == "object" && !Array.isArray(data23)){
if(data23.seq === undefined){
const err60 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "seq"},message:"must have required property '"+"seq"+"'"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
if(data23.id === undefined){
const err61 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data23.at === undefined){
const err62 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "at"},message:"must have required property '"+"at"+"'"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
if(data23.type === undefined){
const err63 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "type"},message:"must have required property '"+"type"+"'"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
if(data23.actor === undefined){
const err64 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "actor"},message:"must have required property '"+"actor"+"'"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
if(data23.subject === undefined){
const err65 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "subject"},message:"must have required property '"+"subject"+"'"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
if(data23.data === undefined){
const err66 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "data"},message:"must have required property '"+"data"+"'"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
if(data23.prevHash === undefined){
const err67 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "prevHash"},message:"must have required property '"+"prevHash"+"'"};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
if(data23.hash === undefined){
const err68 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/required",keyword:"required",params:{missingProperty: "hash"},message:"must have required property '"+"hash"+"'"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
const _errs55 = errors;
for(const key8 in data23){
if(!(func2.call(schema21.properties.ledger.properties.records.items.properties, key8))){
const err69 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
if(data23.seq !== undefined){
let data24 = data23.seq;
const _errs56 = errors;
if(!(((typeof data24 == "number") && (!(data24 % 1) && !isNaN(data24))) && (isFinite(data24)))){
const err70 = {instancePath:instancePath+"/ledger/records/" + i0+"/seq",schemaPath:"#/properties/ledger/properties/records/items/properties/seq/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
const _errs57 = errors;
if((typeof data24 == "number") && (isFinite(data24))){
if(data24 < 1 || isNaN(data24)){
const err71 = {instancePath:instancePath+"/ledger/records/" + i0+"/seq",schemaPath:"#/properties/ledger/properties/records/items/properties/seq/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
var valid10 = _errs56 === errors;
}
if(data23.id !== undefined){
let data25 = data23.id;
const _errs58 = errors;
if(typeof data25 !== "string"){
const err72 = {instancePath:instancePath+"/ledger/records/" + i0+"/id",schemaPath:"#/properties/ledger/properties/records/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
const _errs59 = errors;
var valid10 = _errs58 === errors;
}
if(data23.at !== undefined){
let data26 = data23.at;
const _errs60 = errors;
if(typeof data26 !== "string"){
const err73 = {instancePath:instancePath+"/ledger/records/" + i0+"/at",schemaPath:"#/properties/ledger/properties/records/items/properties/at/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
const _errs61 = errors;
var valid10 = _errs60 === errors;
}
if(data23.type !== undefined){
let data27 = data23.type;
const _errs62 = errors;
if(typeof data27 !== "string"){
const err74 = {instancePath:instancePath+"/ledger/records/" + i0+"/type",schemaPath:"#/properties/ledger/properties/records/items/properties/type/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
const _errs63 = errors;
var valid10 = _errs62 === errors;
}
if(data23.actor !== undefined){
let data28 = data23.actor;
const _errs64 = errors;
const _errs65 = errors;
if(data28 && typeof data28 == "object" && !Array.isArray(data28)){
if(data28.objectId === undefined){
const err75 = {instancePath:instancePath+"/ledger/records/" + i0+"/actor",schemaPath:"#/properties/ledger/properties/records/items/properties/actor/required",keyword:"required",params:{missingProperty: "objectId"},message:"must have required property '"+"objectId"+"'"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
if(data28.name === undefined){
const err76 = {instancePath:instancePath+"/ledger/records/" + i0+"/actor",schemaPath:"#/properties/ledger/properties/records/items/properties/actor/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
if(data28.kind === undefined){
const err77 = {instancePath:instancePath+"/ledger/records/" + i0+"/actor",schemaPath:"#/properties/ledger/properties/records/items/properties/actor/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
if(data28.objectId !== undefined){
let data29 = data28.objectId;
const _errs66 = errors;
if(typeof data29 !== "string"){
const err78 = {instancePath:instancePath+"/ledger/records/" + i0+"/actor/objectId",schemaPath:"#/properties/ledger/properties/records/items/properties/actor/properties/objectId/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
const _errs67 = errors;
var valid11 = _errs66 === errors;
}
if(data28.name !== undefined){
let data30 = data28.name;
const _errs68 = errors;
if(typeof data30 !== "string"){
const err79 = {instancePath:instancePath+"/ledger/records/" + i0+"/actor/name",schemaPath:"#/properties/ledger/properties/records/items/properties/actor/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
const _errs69 = errors;
var valid11 = _errs68 === errors;
}
if(data28.kind !== undefined){
let data31 = data28.kind;
const _errs70 = errors;
if(typeof data31 !== "string"){
const err80 = {instancePath:instancePath+"/ledger/records/" + i0+"/actor/kind",schemaPath:"#/properties/ledger/properties/records/items/properties/actor/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
const _errs71 = errors;
var valid11 = _errs70 === errors;
}
}
else {
const err81 = {instancePath:instancePath+"/ledger/records/" + i0+"/actor",schemaPath:"#/properties/ledger/properties/records/items/properties/actor/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
var valid10 = _errs64 === errors;
}
if(data23.subject !== undefined){
let data32 = data23.subject;
const _errs72 = errors;
const _errs73 = errors;
if(data32 && typeof data32 == "object" && !Array.isArray(data32)){
const _errs74 = errors;
for(const key9 in data32){
let data33 = data32[key9];
const _errs75 = errors;
if(typeof data33 !== "string"){
const err82 = {instancePath:instancePath+"/ledger/records/" + i0+"/subject/" + key9.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/ledger/properties/records/items/properties/subject/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
const _errs76 = errors;
var valid12 = _errs75 === errors;
}
}
else {
const err83 = {instancePath:instancePath+"/ledger/records/" + i0+"/subject",schemaPath:"#/properties/ledger/properties/records/items/properties/subject/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
var valid10 = _errs72 === errors;
}
if(data23.data !== undefined){
let data34 = data23.data;
const _errs77 = errors;
if(!(data34 && typeof data34 == "object" && !Array.isArray(data34))){
const err84 = {instancePath:instancePath+"/ledger/records/" + i0+"/data",schemaPath:"#/properties/ledger/properties/records/items/properties/data/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
const _errs78 = errors;
var valid10 = _errs77 === errors;
}
if(data23.prevHash !== undefined){
let data35 = data23.prevHash;
const _errs79 = errors;
if(typeof data35 !== "string"){
const err85 = {instancePath:instancePath+"/ledger/records/" + i0+"/prevHash",schemaPath:"#/properties/ledger/properties/records/items/properties/prevHash/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
const _errs80 = errors;
var valid10 = _errs79 === errors;
}
if(data23.hash !== undefined){
let data36 = data23.hash;
const _errs81 = errors;
if(typeof data36 !== "string"){
const err86 = {instancePath:instancePath+"/ledger/records/" + i0+"/hash",schemaPath:"#/properties/ledger/properties/records/items/properties/hash/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
const _errs82 = errors;
var valid10 = _errs81 === errors;
}
}
else {
const err87 = {instancePath:instancePath+"/ledger/records/" + i0,schemaPath:"#/properties/ledger/properties/records/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
var valid8 = _errs53 === errors;
if(!valid8){
valid9 = false;
}
}
}
else {
const err88 = {instancePath:instancePath+"/ledger/records",schemaPath:"#/properties/ledger/properties/records/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
var valid6 = _errs51 === errors;
}
}
else {
const err89 = {instancePath:instancePath+"/ledger",schemaPath:"#/properties/ledger/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
var valid0 = _errs39 === errors;
}
if(data.summary !== undefined){
let data37 = data.summary;
const _errs83 = errors;
const _errs84 = errors;
if(data37 && typeof data37 == "object" && !Array.isArray(data37)){
if(data37.relevant === undefined){
const err90 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "relevant"},message:"must have required property '"+"relevant"+"'"};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
if(data37.decisions === undefined){
const err91 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "decisions"},message:"must have required property '"+"decisions"+"'"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
if(data37.rollouts === undefined){
const err92 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "rollouts"},message:"must have required property '"+"rollouts"+"'"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
if(data37.evidence === undefined){
const err93 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/required",keyword:"required",params:{missingProperty: "evidence"},message:"must have required property '"+"evidence"+"'"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
const _errs85 = errors;
for(const key10 in data37){
if(!(((((key10 === "relevant") || (key10 === "decisions")) || (key10 === "promotion")) || (key10 === "rollouts")) || (key10 === "evidence"))){
const err94 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
}
if(data37.relevant !== undefined){
let data38 = data37.relevant;
const _errs86 = errors;
const _errs87 = errors;
if(Array.isArray(data38)){
let valid15 = true;
const len1 = data38.length;
for(let i1=0; i1<len1; i1++){
let data39 = data38[i1];
const _errs88 = errors;
if(!(((typeof data39 == "number") && (!(data39 % 1) && !isNaN(data39))) && (isFinite(data39)))){
const err95 = {instancePath:instancePath+"/summary/relevant/" + i1,schemaPath:"#/properties/summary/properties/relevant/items/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
const _errs89 = errors;
if((typeof data39 == "number") && (isFinite(data39))){
if(data39 < 1 || isNaN(data39)){
const err96 = {instancePath:instancePath+"/summary/relevant/" + i1,schemaPath:"#/properties/summary/properties/relevant/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
var valid14 = _errs88 === errors;
if(!valid14){
valid15 = false;
}
}
}
else {
const err97 = {instancePath:instancePath+"/summary/relevant",schemaPath:"#/properties/summary/properties/relevant/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
var valid13 = _errs86 === errors;
}
if(data37.decisions !== undefined){
let data40 = data37.decisions;
const _errs90 = errors;
if(!(Array.isArray(data40))){
const err98 = {instancePath:instancePath+"/summary/decisions",schemaPath:"#/properties/summary/properties/decisions/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
const _errs91 = errors;
var valid13 = _errs90 === errors;
}
if(data37.promotion !== undefined){
let data41 = data37.promotion;
const _errs92 = errors;
if(!(data41 && typeof data41 == "object" && !Array.isArray(data41))){
const err99 = {instancePath:instancePath+"/summary/promotion",schemaPath:"#/properties/summary/properties/promotion/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
const _errs93 = errors;
var valid13 = _errs92 === errors;
}
if(data37.rollouts !== undefined){
let data42 = data37.rollouts;
const _errs94 = errors;
const _errs95 = errors;
if(Array.isArray(data42)){
let valid17 = true;
const len2 = data42.length;
for(let i2=0; i2<len2; i2++){
let data43 = data42[i2];
const _errs96 = errors;
const _errs97 = errors;
if(data43 && typeof data43 == "object" && !Array.isArray(data43)){
if(data43.changes === undefined){
const err100 = {instancePath:instancePath+"/summary/rollouts/" + i2,schemaPath:"#/properties/summary/properties/rollouts/items/required",keyword:"required",params:{missingProperty: "changes"},message:"must have required property '"+"changes"+"'"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
if(data43.changes !== undefined){
let data44 = data43.changes;
const _errs98 = errors;
const _errs99 = errors;
if(Array.isArray(data44)){
let valid20 = true;
const len3 = data44.length;
for(let i3=0; i3<len3; i3++){
let data45 = data44[i3];
const _errs100 = errors;
const _errs101 = errors;
if(data45 && typeof data45 == "object" && !Array.isArray(data45)){
if(data45.after !== undefined){
let data46 = data45.after;
const _errs102 = errors;
const _errs103 = errors;
if(data46 && typeof data46 == "object" && !Array.isArray(data46)){
const _errs104 = errors;
for(const key11 in data46){
let data47 = data46[key11];
const _errs105 = errors;
if(!((typeof data47 == "number") && (isFinite(data47)))){
const err101 = {instancePath:instancePath+"/summary/rollouts/" + i2+"/changes/" + i3+"/after/" + key11.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/summary/properties/rollouts/items/properties/changes/items/properties/after/additionalProperties/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
const _errs106 = errors;
var valid22 = _errs105 === errors;
}
}
else {
const err102 = {instancePath:instancePath+"/summary/rollouts/" + i2+"/changes/" + i3+"/after",schemaPath:"#/properties/summary/properties/rollouts/items/properties/changes/items/properties/after/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
var valid21 = _errs102 === errors;
}
}
else {
const err103 = {instancePath:instancePath+"/summary/rollouts/" + i2+"/changes/" + i3,schemaPath:"#/properties/summary/properties/rollouts/items/properties/changes/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
var valid19 = _errs100 === errors;
if(!valid19){
valid20 = false;
}
}
}
else {
const err104 = {instancePath:instancePath+"/summary/rollouts/" + i2+"/changes",schemaPath:"#/properties/summary/properties/rollouts/items/properties/changes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
var valid18 = _errs98 === errors;
}
}
else {
const err105 = {instancePath:instancePath+"/summary/rollouts/" + i2,schemaPath:"#/properties/summary/properties/rollouts/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
var valid16 = _errs96 === errors;
if(!valid16){
valid17 = false;
}
}
}
else {
const err106 = {instancePath:instancePath+"/summary/rollouts",schemaPath:"#/properties/summary/properties/rollouts/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
var valid13 = _errs94 === errors;
}
if(data37.evidence !== undefined){
let data48 = data37.evidence;
const _errs107 = errors;
const _errs108 = errors;
if(data48 && typeof data48 == "object" && !Array.isArray(data48)){
const _errs109 = errors;
for(const key12 in data48){
let data49 = data48[key12];
const _errs110 = errors;
const _errs111 = errors;
if(Array.isArray(data49)){
let valid25 = true;
const len4 = data49.length;
for(let i4=0; i4<len4; i4++){
let data50 = data49[i4];
const _errs112 = errors;
if(!(((typeof data50 == "number") && (!(data50 % 1) && !isNaN(data50))) && (isFinite(data50)))){
const err107 = {instancePath:instancePath+"/summary/evidence/" + key12.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i4,schemaPath:"#/properties/summary/properties/evidence/additionalProperties/items/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
const _errs113 = errors;
if((typeof data50 == "number") && (isFinite(data50))){
if(data50 < 1 || isNaN(data50)){
const err108 = {instancePath:instancePath+"/summary/evidence/" + key12.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i4,schemaPath:"#/properties/summary/properties/evidence/additionalProperties/items/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
}
var valid24 = _errs112 === errors;
if(!valid24){
valid25 = false;
}
}
}
else {
const err109 = {instancePath:instancePath+"/summary/evidence/" + key12.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/summary/properties/evidence/additionalProperties/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
var valid23 = _errs110 === errors;
}
}
else {
const err110 = {instancePath:instancePath+"/summary/evidence",schemaPath:"#/properties/summary/properties/evidence/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
var valid13 = _errs107 === errors;
}
}
else {
const err111 = {instancePath:instancePath+"/summary",schemaPath:"#/properties/summary/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
var valid0 = _errs83 === errors;
}
if(data.policy !== undefined){
let data51 = data.policy;
const _errs114 = errors;
const _errs115 = errors;
if(data51 && typeof data51 == "object" && !Array.isArray(data51)){
if(data51.source === undefined){
const err112 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/required",keyword:"required",params:{missingProperty: "source"},message:"must have required property '"+"source"+"'"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
if(data51.sha256 === undefined){
const err113 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/required",keyword:"required",params:{missingProperty: "sha256"},message:"must have required property '"+"sha256"+"'"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
if(data51.text === undefined){
const err114 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/required",keyword:"required",params:{missingProperty: "text"},message:"must have required property '"+"text"+"'"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
const _errs116 = errors;
for(const key13 in data51){
if(!(((key13 === "source") || (key13 === "sha256")) || (key13 === "text"))){
const err115 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data51.source !== undefined){
let data52 = data51.source;
const _errs117 = errors;
if(typeof data52 !== "string"){
const err116 = {instancePath:instancePath+"/policy/source",schemaPath:"#/properties/policy/properties/source/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
const _errs118 = errors;
var valid26 = _errs117 === errors;
}
if(data51.sha256 !== undefined){
let data53 = data51.sha256;
const _errs119 = errors;
const _errs120 = errors;
if(typeof data53 === "string"){
if(!pattern0.test(data53)){
const err117 = {instancePath:instancePath+"/policy/sha256",schemaPath:"#/properties/policy/properties/sha256/pattern",keyword:"pattern",params:{pattern: "^sha256:[0-9a-f]{64}$"},message:"must match pattern \""+"^sha256:[0-9a-f]{64}$"+"\""};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
else {
const err118 = {instancePath:instancePath+"/policy/sha256",schemaPath:"#/properties/policy/properties/sha256/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
var valid26 = _errs119 === errors;
}
if(data51.text !== undefined){
let data54 = data51.text;
const _errs121 = errors;
if(typeof data54 !== "string"){
const err119 = {instancePath:instancePath+"/policy/text",schemaPath:"#/properties/policy/properties/text/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
const _errs122 = errors;
var valid26 = _errs121 === errors;
}
}
else {
const err120 = {instancePath:instancePath+"/policy",schemaPath:"#/properties/policy/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
var valid0 = _errs114 === errors;
}
}
else {
const err121 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}

