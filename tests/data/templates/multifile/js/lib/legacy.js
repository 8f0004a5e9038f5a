const { twice } = require('./math');
module.exports = { value: twice(4) };
